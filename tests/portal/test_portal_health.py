"""The portal's health endpoint answers only when the database does."""

from fastapi.testclient import TestClient

from portal.main import app


def test_health_reports_the_database():
    response = TestClient(app).get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
