"""The demo content: the Morelia, January 2021 story as data, and the loader that stores it."""
