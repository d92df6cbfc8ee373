from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def new_patient(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/new_patient.html")


@require_safe
def follow_up(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/follow_up.html")


@require_safe
def self_pay(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/self_pay.html")
