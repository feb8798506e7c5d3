"""Commentary archive: raw article text in, a searchable, tag-organized MkDocs site out."""
