from commentary_archive.site.plugin import without_indentation


def test_indentation_goes_but_preformatted_text_stays():
    html = "<div>\n    <p>one\n      two</p>\n  <pre>  keep\n    this</pre>\n</div>\n"
    assert (
        without_indentation(html) == "<div>\n<p>one\ntwo</p>\n<pre>  keep\n    this</pre>\n</div>\n"
    )


def test_attributes_of_pre_do_not_hide_it():
    html = '<pre class="x">\n  a\n</pre>\n  <p>b</p>'
    assert without_indentation(html) == '<pre class="x">\n  a\n</pre>\n<p>b</p>'
