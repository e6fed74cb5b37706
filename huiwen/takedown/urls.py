from django.urls import path

from huiwen.takedown import views

app_name = "takedown"

urlpatterns = [
    path("", views.request_form, name="form"),
    path("status/<str:token>/", views.status, name="status"),
]
