from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("new-patients/", views.new_patient, name="new_patient"),
    path("new-patients/received/", views.new_patient_received, name="new_patient_received"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("follow-up/received/", views.follow_up_received, name="follow_up_received"),
    path("self-pay/", views.self_pay, name="self_pay"),
    path("self-pay/received/", views.self_pay_received, name="self_pay_received"),
    path("correction/", views.send_correction, name="send_correction"),
]
