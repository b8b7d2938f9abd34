"""The articles admin, one module per concern.

- ``stories``: the story form and list (who sees and changes what, saving, columns, preview).
- ``workflow``: the buttons a save may press, the moves made from a page of their own
  (return to draft, unpublish, withdraw, restore) and the story list's bulk actions.
- ``history``: the story's history page, comparing and restoring revisions.
- ``inlines``: quotes, further links and corrections on the story form.
- ``filters``: the story list's filters.
- ``sections``: sections.
- ``transitions``: the read-only audit log of workflow moves.
- ``tags``: tags with their Spanish names, suggestions for the story form, and merging.
"""

from . import sections, stories, tags, transitions  # noqa: F401  (registers the model admins)
