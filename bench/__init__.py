"""`make bench`: what the collection costs against the simulator (wall time, AWS API calls, time-to-ready)."""
