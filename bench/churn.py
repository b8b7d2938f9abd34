"""Staff at work while readers read: ``python -m bench.churn`` saves stories on a schedule.

Run with the cached server's environment (the same database, Redis and key prefix), it saves
one story every ``--every`` seconds for ``--seconds`` seconds, as the admin would: ``save()``
with its signals. One save in ``--public-every`` is a public change (a published story's
standfirst edited; the story is chosen among ``--stories``, the slugs of the story pages
readers are loading); the others are drafts saved. It prints one JSON line per save (time, kind,
story) and a summary line at the end.
"""

import argparse
import json
import random
import sys
import time


def main():
    import django

    django.setup()
    from django.db import transaction

    from articles.models import Story

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--every", type=float, default=2.0)
    parser.add_argument(
        "--public-every",
        type=int,
        default=4,
        help="One public change in this many saves (4: one public change to three drafts); "
        "0 for drafts only.",
    )
    parser.add_argument(
        "--stories", default="", help="Slugs of published stories, comma-separated."
    )
    arguments = parser.parse_args()
    randomness = random.Random(1)  # noqa: S311 -- choosing stories to edit, not a secret
    public = list(
        Story.objects.published().filter(slug__in=arguments.stories.split(",")).order_by("pk")
    ) or list(Story.objects.published().order_by("-published_at")[:20])
    drafts = list(Story.objects.filter(status=Story.Status.DRAFT).order_by("pk")[:20])
    if not drafts:
        sys.exit("The benchmark database has no draft to save.")
    # The caller starts loading the site when it reads this: Django's start-up is not measured.
    print(json.dumps({"ready": True}), flush=True)  # noqa: T201
    saves = 0
    deadline = time.monotonic() + arguments.seconds
    next_save = time.monotonic()
    while next_save < deadline:
        time.sleep(max(0.0, next_save - time.monotonic()))
        is_public = arguments.public_every and saves % arguments.public_every == 0
        story = randomness.choice(public if is_public else drafts)
        story.refresh_from_db()
        marker = f" (edited {saves})"
        if is_public:
            story.standfirst = story.standfirst.split(" (edited")[0] + marker
        else:
            story.body = story.body.split(" (edited")[0] + marker
        with transaction.atomic():
            story.save()
        print(  # noqa: T201
            json.dumps(
                {"at": time.time(), "kind": "public" if is_public else "draft", "story": story.pk}
            ),
            flush=True,
        )
        saves += 1
        next_save += arguments.every
    print(json.dumps({"saves": saves}), flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
