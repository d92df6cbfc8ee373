"""A submission's patient and coverage as a FHIR R4 bundle, for practice systems that import FHIR.

Validated with `fhir.resources`' R4B models before it leaves: Patient, Coverage and
RelatedPerson are the same in R4B as in R4 (R4B changed only medication-definition, evidence
and subscription resources), and the package's default models are R5, which R4 systems refuse.
Only what the patient gave is carried: an empty answer is left out, never sent as "".
"""

import json
import uuid

from django.conf import settings
from django.utils import timezone

from .models import InsurancePolicy, Submission

SUBSCRIBER_RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
# The policyholder as the patient named them, in FHIR's words for each.
SUBSCRIBER_CODES = {"self": "self", "spouse": "spouse", "parent": "parent", "other": "other"}
ROLE_CODES = {"spouse": ("SPS", "spouse"), "parent": ("PRN", "parent")}


def _urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _drop_empty(value):
    """The resource without its empty parts: FHIR forbids "" and [] and {}."""
    if isinstance(value, dict):
        cleaned = {key: _drop_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in ("", None, [], {})}
    if isinstance(value, list):
        return [item for item in (_drop_empty(entry) for entry in value) if item not in ("", None, [], {})]
    return value


def patient(submission: Submission) -> dict:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": f"{settings.SITE_URL}/intake/reference", "value": submission.reference}],
        "name": [{"family": submission.last_name, "given": [submission.first_name]}],
        "birthDate": submission.date_of_birth.isoformat(),
        "telecom": [
            {"system": "phone", "value": submission.phone},
            {"system": "email", "value": submission.email} if submission.email else {},
        ],
        "address": [
            {
                "line": [submission.address_line1, submission.address_line2],
                "city": submission.city,
                "state": submission.state,
                "postalCode": submission.zip_code,
                "country": "US" if submission.address_line1 else "",
            }
        ],
    }


def related_person(policy: InsurancePolicy, patient_url: str) -> dict:
    code = ROLE_CODES.get(policy.relationship)
    return {
        "resourceType": "RelatedPerson",
        "patient": {"reference": patient_url},
        "relationship": [
            {
                "coding": [{"system": ROLE_CODE, "code": code[0], "display": code[1]}] if code else [],
                "text": policy.get_relationship_display(),
            }
        ],
        "name": [{"text": policy.holder_name}],
        "birthDate": policy.holder_date_of_birth.isoformat() if policy.holder_date_of_birth else "",
    }


def coverage(policy: InsurancePolicy, patient_url: str, subscriber_url: str) -> dict:
    return {
        "resourceType": "Coverage",
        "status": "active",
        "subscriber": {"reference": subscriber_url},
        "subscriberId": policy.member_id,
        "beneficiary": {"reference": patient_url},
        "relationship": {
            "coding": [{"system": SUBSCRIBER_RELATIONSHIP, "code": SUBSCRIBER_CODES[policy.relationship]}]
        },
        "payor": [{"display": policy.carrier}],
        "class": [
            {
                "type": {"coding": [{"system": COVERAGE_CLASS, "code": "group"}]},
                "value": policy.group_number,
            }
            if policy.group_number
            else {}
        ],
        "order": 1 if policy.rank == InsurancePolicy.Rank.PRIMARY else 2,
    }


def bundle(submission: Submission):
    """The validated Bundle (a `fhir.resources` R4B model): a ValidationError here is a bug, not sent."""
    from fhir.resources.R4B.bundle import Bundle

    patient_url = _urn()
    entries = [(patient_url, patient(submission))]
    for policy in submission.policies.order_by("rank"):
        subscriber_url = patient_url
        if not policy.holder_is_patient:
            subscriber_url = _urn()
            entries.append((subscriber_url, related_person(policy, patient_url)))
        entries.append((_urn(), coverage(policy, patient_url, subscriber_url)))
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": [{"fullUrl": url, "resource": _drop_empty(resource)} for url, resource in entries],
    }
    return Bundle.model_validate(data)


def to_json(validated) -> str:
    return json.dumps(json.loads(validated.model_dump_json(exclude_none=True)), indent=2)


def summary(validated) -> str:
    """What an export carried, for the audit log: the resource kinds, never their contents."""
    return "FHIR bundle: " + ", ".join(entry.resource.get_resource_type() for entry in validated.entry)
