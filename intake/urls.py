from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("new-patients/", views.new_patient, name="new_patient"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("self-pay/", views.self_pay, name="self_pay"),
]
