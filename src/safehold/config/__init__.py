"""Django project configuration: settings, URLs, WSGI/ASGI, the API and the task set-up."""
