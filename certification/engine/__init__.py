"""Pure-Python certification engines: grading, GIFT/Moodle XML parsing, item analysis,
verification codes. Nothing in this package imports Django."""
