app_name = "portal"

# The takedown page became the takedown app's form (huiwen.takedown, same /takedown/ path).
urlpatterns: list = []
