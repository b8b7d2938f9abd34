"""The desk: the staff side of Newsroom, the Django admin shaped into a newsroom tool.

`sites.py` holds the admin site every app registers with. Each app keeps its own admin (for
stories, `articles/admin/`, one module per concern); what belongs to no single app, such as the
editorial home and staff notifications, lives here.
"""
