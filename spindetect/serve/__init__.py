"""``spindetect serve``: the pre-publish HTTP service and the review page (``app``)."""
