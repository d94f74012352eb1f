"""Demo content for the learning app: the Spanish collections curriculum as plain data.

Nothing in this package imports Django; the seed command turns the data into Wagtail pages.
"""
