"""Demo data for the certification app (question banks written from the regulation fact sheet)."""
