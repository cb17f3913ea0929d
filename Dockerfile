FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# Runtime dependencies only: test and lint tools are in requirements-dev.lock.
COPY requirements.lock ./
RUN pip install --requirement requirements.lock

COPY . .
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --no-input \
    && pybabel compile --domain django --directory locale \
    && pybabel compile --domain djangojs --directory locale \
    && useradd --create-home --uid 1000 portal && mkdir -p /app/media && chown portal /app/media
USER portal

EXPOSE 8000
CMD ["sh", "-c", "gunicorn cluster_portal.wsgi --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --access-logfile -"]
