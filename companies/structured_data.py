"""schema.org `Organization` for an organisation's page (no people, no contact persons)."""

from django.conf import settings

from .models import Organisation


def organisation_json_ld(organisation: Organisation) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": f"{settings.SITE_URL}{organisation.get_absolute_url()}",
        "description": organisation.description,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": organisation.municipality,
            "addressRegion": str(organisation.county) if organisation.county_id else "",
            "addressCountry": "SE",
        },
    }
    if organisation.website:
        data["sameAs"] = [organisation.website]
    return data
