"""The site side: turns the articles' front matter into pages, feeds and a search index."""
