from django.urls import path

from onex.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("province/", views.collection, name="collection"),
    path("<str:code>/<int:year>/", views.detail, name="detail"),
    path("<str:code>/<int:year>/edit/", views.edit, name="edit"),
    path("<str:code>/<int:year>/submit/", views.submit, name="submit"),
    path("<str:code>/<int:year>/return/", views.return_report, name="return"),
    path("<str:code>/<int:year>/accept/", views.accept, name="accept"),
    path("<str:code>/<int:year>/report.docx", views.download_docx, name="docx"),
    path("<str:code>/<int:year>/report.pdf", views.download_pdf, name="pdf"),
    path("<str:code>/<int:year>/attachments/<str:which>.xlsx", views.download_attachment, name="attachment"),
    path("<str:code>/<int:year>/data/<str:table>.<str:fmt>", views.download_data, name="data"),
]
