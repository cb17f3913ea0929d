import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportExport
from tests.factories import ProjectFactory
from tests.reports.helpers import coordinator_of


@pytest.mark.django_db
def test_a_prepared_export_whose_file_is_gone_is_not_found(client):
    project = ProjectFactory()
    coordinator = coordinator_of(project)
    export = ReportExport.objects.create(
        requested_by=coordinator,
        parameters=f"scope=project-{project.pk}",
        title=project.name,
        status=ReportExport.Status.DONE,
        file="reports/gone/project.xlsx",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(coordinator)

    response = client.get(reverse("reports:export_download", args=[export.pk]))

    assert response.status_code == 404
