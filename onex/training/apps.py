from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "onex.training"
    label = "training"
