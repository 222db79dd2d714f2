"""Lines a page prints from one template (``templated``), and how a dump's cleaning treats them."""

from __future__ import annotations

from tasks.clean.lines import split_lines
from tasks.clean.templated import templated
from tasks.clean.textdump import clean_dump

NETWORKS = ("Pocket", "Reddit", "Facebook", "LinkedIn", "Tumblr", "Pinterest", "Telegram")
SHARE_ROW = "\n".join(
    f"      * Press here to pass this story to your friends on {name} (it opens in a new window)."
    for name in NETWORKS
)
ARTICLE = (
    "The harbour council voted on Wednesday to rebuild the old pier, which has been closed "
    "to the public since a storm damaged its supports in the winter of 2019.\n\n"
    "Councillors approved a budget of 4.2 million for the work, which is expected to start "
    "in the autumn and take about eighteen months to complete."
)


def test_a_row_of_share_buttons_is_templated() -> None:
    """Lines that differ by one word from two or more others come from one template."""
    lines = split_lines(SHARE_ROW)
    assert templated(lines) == {line.index for line in lines}


def test_paragraphs_that_share_a_phrase_are_not_templated() -> None:
    """Two paragraphs quoting the same sentence are not a template: it takes three lines."""
    quote = "the pier is the heart of the town and we will not let it fall into the sea"
    text = (
        f'"{quote}," the mayor said on Wednesday.\n\n'
        f"Fishermen repeated that {quote}, and asked for the work to start soon.\n\n"
        "The council meets again in March to choose a builder for the new supports."
    )
    assert templated(split_lines(text)) == set()


def test_a_share_row_does_not_pass_for_the_article() -> None:
    """A dump with a short article and a longer row of share buttons under it gives the
    article: the buttons read like sentences but prove no prose."""
    body = ARTICLE.replace("\n\n", "\n\n    ")
    dump = f"Home\n  News\n    Sport\n\n    {body}\n\n{SHARE_ROW}\n\n© 2021 Harbour Daily\n"
    found = clean_dump(dump)
    assert found.text == ARTICLE
