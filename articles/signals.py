"""The story workflow's own signal, for what other apps do when a story moves.

``story_moved`` is sent once per recorded move (``articles.services``), inside the move's
transaction, with the ``StoryTransition`` that records it. The desk listens to tell staff.
"""

from django.dispatch import Signal

story_moved = Signal()
