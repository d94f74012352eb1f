"""Pure Python for the learning app (no Django): the SCORM package reader and the cmi mapping."""
