"""Lesson: the lecture as a guided path, one scene at a time (app/lesson/)."""
from app.lesson.view import page
from app.shell import routed

routed()
page()
