"""The allowlist keeps what the body editor writes and what a paste from an office document
brings that the site can show: tables included."""

from articles.sanitizer import sanitize_html

TABLE = (
    '<table><thead><tr><th scope="col">Year</th><th>Officers trained</th></tr></thead>'
    '<tbody><tr><td>2017</td><td colspan="2">40</td></tr></tbody></table>'
)


def test_a_table_keeps_its_rows_cells_and_spans():
    assert sanitize_html(TABLE) == TABLE


def test_a_table_loses_its_styles_and_widths():
    pasted = (
        '<table style="width:100%" border="1">'
        '<tr><td style="color:red" width="20">1</td></tr></table>'
    )
    assert sanitize_html(pasted) == "<table><tbody><tr><td>1</td></tr></tbody></table>"


def test_images_pasted_with_a_table_are_dropped():
    assert sanitize_html('<td><img src="x.png">40</td>') == "40"
