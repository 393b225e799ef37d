"""The Lesson page: the lecture as a guided path of scenes (data in :mod:`scenes`)."""
