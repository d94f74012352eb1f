from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("", views.my_certification, name="my_certification"),
    path("examenes/<slug:code>/", views.exam_detail, name="exam_detail"),
    path("examenes/<slug:code>/iniciar/", views.exam_start, name="exam_start"),
    path("intentos/<int:pk>/", views.attempt_take, name="attempt_take"),
    path("intentos/<int:pk>/guardar/", views.attempt_autosave, name="attempt_autosave"),
    path("intentos/<int:pk>/entregar/", views.attempt_submit, name="attempt_submit"),
    path("intentos/<int:pk>/confirmar/", views.attempt_confirm, name="attempt_confirm"),
    path("intentos/<int:pk>/resultado/", views.attempt_result, name="attempt_result"),
    path("certificados/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("rrhh/matriz/", views.hr_matrix, name="hr_matrix"),
    path("rrhh/por-vencer/", views.hr_expiring, name="hr_expiring"),
    path("rrhh/habilitados/", views.hr_campaign, name="hr_campaign"),
    path("rrhh/certificados/<int:pk>/", views.hr_certificate, name="hr_certificate"),
    path("rrhh/intentos/<int:pk>/", views.hr_attempt, name="hr_attempt"),
]
