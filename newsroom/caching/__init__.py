"""The public cache: anonymous pages and feeds kept in the shared cache, never served stale.

Every entry's key holds the current *generation*, a value that changes whenever anything a
public page shows is saved or deleted (``receivers``), so a change makes every older entry
unreachable at once: there is no list of pages to purge. Time can change a page too, when a
scheduled story's publication time comes; no entry outlives the next scheduled publication
(``expiry()``), so the story appears on time without a job having to run.

``generation``: the current generation, its bump and what it allows; ``middleware``: the page
cache and the headers for browsers and CDNs; ``receivers``: the signals that bump it.
"""
