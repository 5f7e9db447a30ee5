"""Background tasks (django-tasks; the same code runs on Django 6's built-in tasks)."""

from django_tasks import task

from onex.imports.services import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    import_job_run(job_id=job_id)
