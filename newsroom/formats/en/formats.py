# The house style writes dates day first, with the month in full: 12 January 2021.
DATE_FORMAT = "j F Y"
