from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "onex.exams"
    label = "exams"
