from django.urls import path

from huiwen.portal import views

app_name = "portal"

urlpatterns = [
    path("takedown/", views.takedown, name="takedown"),
]
