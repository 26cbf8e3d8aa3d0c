"""Parts of the profile's ``compliance`` section that the compliance rules read (issue #16).

What a company processes and does decides which laws apply to it, beside where it serves users
(``compliance.jurisdictions``) and its vertical:

* :class:`DataType` — the kinds of personal data processed (``compliance.data_types``): health,
  genetic, biometric, financial and location data are sensitive personal information under the
  PRC Personal Information Protection Law (PIPL, 2021) Art. 28 and special categories under GDPR
  (Regulation (EU) 2016/679) Art. 9 (``financial`` and ``location`` under PIPL only); health data of
  US patients brings HIPAA (45 CFR Parts 160 and 164).
* :class:`Activity` — what the business does that a law names (``compliance.activities``):
  software for diagnosis or treatment (a medical device: NMPA, FDA, EU MDR), content generation
  (the Interim Measures for Generative AI Services, 2023; EU AI Act Art. 50), AI chips and compute
  services (export controls: US EAR advanced-computing rules of 2022-10-07, 2023-10-17 and
  2024-12-02; the PRC Export Control Law, 2020).
* :class:`MedicalDevice` / :class:`DeviceRegistration` — the medical-device regulatory status per
  market (``compliance.medical_device.nmpa``, ``.fda``, ``.ce_mdr``): not required, planned,
  submitted or cleared, with the device class (NMPA and FDA Class I-III; EU MDR Annex VIII
  Class I, IIa, IIb, III) and, for the FDA, the pathway (510(k), De Novo, PMA, exempt).

Everything here is optional: a profile without these fields stays valid, and a rule that needs an
unanswered field says so (status ``unknown`` naming the field) instead of assuming an answer.
Cross-field problems carry catalogue keys (``risk.expected.*``, i18n/risk.yaml).

The model does not import :mod:`goldmine.model.startup` (whose ``Compliance`` class holds these
fields), so the two modules do not import each other.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from goldmine.model.enums import _Choice
from goldmine.model.limits import MAX_TEXT_CHARS, bad_character
from goldmine.model.types import Date


class DataType(_Choice):
    """A kind of personal data the company processes (PIPL Art. 28; GDPR Art. 9)."""

    HEALTH = "health"            # medical records, images, diagnoses
    GENETIC = "genetic"
    BIOMETRIC = "biometric"      # faces, voices, fingerprints used to identify people
    FINANCIAL = "financial"      # accounts, credit, transactions
    LOCATION = "location"        # whereabouts and tracks

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"medical": "health", "phi": "health", "biometrics": "biometric", "finance": "financial",
                "whereabouts": "location"}


#: Data types that make the processing sensitive under PIPL Art. 28 (every one) and GDPR Art. 9 (the first three).
SENSITIVE_DATA_TYPES = frozenset(DataType)


class Activity(_Choice):
    """A business activity a law names."""

    MEDICAL_DIAGNOSIS = "medical_diagnosis"    # software intended for diagnosis, monitoring or treatment
    GENERATIVE_CONTENT = "generative_content"  # generates text, images, audio or video for users
    AI_CHIPS = "ai_chips"                      # designs, makes or sells AI chips or accelerators
    COMPUTE_SERVICES = "compute_services"      # sells or rents AI training or inference compute

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"diagnosis": "medical_diagnosis", "samd": "medical_diagnosis", "medical_device": "medical_diagnosis",
                "generative": "generative_content", "genai": "generative_content", "chips": "ai_chips",
                "compute": "compute_services", "cloud_compute": "compute_services"}


class DeviceStatus(_Choice):
    """Where a medical-device registration stands in one market."""

    NOT_REQUIRED = "not_required"   # the company holds that the software is not a registrable device
    PLANNED = "planned"             # not yet submitted
    SUBMITTED = "submitted"         # submitted, under review
    CLEARED = "cleared"             # registered, cleared, granted or certified

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"registered": "cleared", "approved": "cleared", "granted": "cleared", "certified": "cleared",
                "pending": "submitted", "under_review": "submitted", "not_started": "planned", "none": "planned"}


class DeviceClass(_Choice):
    """Risk class of a medical device: NMPA and FDA I, II, III; EU MDR I, IIa, IIb, III."""

    I = "I"        # noqa: E741 (the class is called I)
    II = "II"
    IIA = "IIa"
    IIB = "IIb"
    III = "III"

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"1": "I", "2": "II", "3": "III", "class_i": "I", "class_ii": "II", "class_iii": "III",
                "2a": "IIa", "2b": "IIb", "一类": "I", "二类": "II", "三类": "III"}


class FdaPathway(_Choice):
    """FDA premarket pathway: 510(k) (21 U.S.C. 360(k)), De Novo (360c(f)(2)), PMA (360e) or exempt."""

    K510 = "510k"
    DE_NOVO = "de_novo"
    PMA = "pma"
    EXEMPT = "exempt"

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"510(k)": "510k", "510_k": "510k", "k": "510k", "denovo": "de_novo"}


#: Device classes each market knows.
MARKET_CLASSES = {
    "nmpa": frozenset({DeviceClass.I, DeviceClass.II, DeviceClass.III}),
    "fda": frozenset({DeviceClass.I, DeviceClass.II, DeviceClass.III}),
    "ce_mdr": frozenset({DeviceClass.I, DeviceClass.IIA, DeviceClass.IIB, DeviceClass.III}),
}


def _field(description: str, *, example: Any = None, default: Any = None, **kw: Any) -> Any:
    extra: dict[str, Any] = {"examples": [example]} if example is not None else {}
    return Field(default, description=description, json_schema_extra=extra or None, **kw)


def _consistency(field: str, expected: str, found: str, **params: Any) -> PydanticCustomError:
    """A cross-field problem, in the profile's shape (:func:`goldmine.model.startup.consistency`)."""
    return PydanticCustomError("consistency", "expected {expected}, found {found}",
                               {"field": field, "expected": expected, "found": found, "params": params})


class _ComplianceModel(BaseModel):
    """Frozen, unknown keys refused, texts within the profile's limits (as the other profile sections)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, str_max_length=MAX_TEXT_CHARS)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if isinstance(value, str) and bad_character(value) is not None:
            raise PydanticCustomError("text_chars", "expected text without control characters",
                                      {"char": bad_character(value)})
        return value


class DeviceRegistration(_ComplianceModel):
    """The registration of the product as a medical device in one market."""

    status: DeviceStatus = _field("not_required, planned, submitted or cleared (registered / certified).",
                                  example="cleared", default=...)
    device_class: DeviceClass | None = _field("Device class: I, II, III (NMPA, FDA); I, IIa, IIb, III (EU MDR).",
                                              example="III")
    pathway: FdaPathway | None = _field("FDA only: 510k, de_novo, pma or exempt.", example="510k")
    reference: str | None = _field("Registration certificate, clearance or certificate number.",
                                   example="国械注准20233210001", max_length=200)
    date: Date | None = _field("Date of the submission or of the clearance (ISO 8601).", example="2024-06-30")


class MedicalDevice(_ComplianceModel):
    """Medical-device regulatory status per market (software for diagnosis or treatment)."""

    nmpa: DeviceRegistration | None = _field(
        "China: NMPA registration (国家药监局医疗器械注册; Class II/III for AI diagnostic software).",
        example={"status": "cleared", "device_class": "III"})
    fda: DeviceRegistration | None = _field(
        "United States: FDA marketing authorisation of software as a medical device.",
        example={"status": "planned", "device_class": "II", "pathway": "510k"})
    ce_mdr: DeviceRegistration | None = _field(
        "European Union: CE marking under the Medical Device Regulation (EU) 2017/745.",
        example={"status": "submitted", "device_class": "IIa"})

    @model_validator(mode="after")
    def _classes_and_pathways(self) -> MedicalDevice:
        for market, allowed in MARKET_CLASSES.items():
            reg: DeviceRegistration | None = getattr(self, market)
            if reg is None:
                continue
            if reg.device_class is not None and reg.device_class not in allowed:
                raise _consistency(f"{market}.device_class", "risk.expected.device_class", reg.device_class.value,
                                   classes=", ".join(c.value for c in DeviceClass if c in allowed))
            if reg.pathway is not None and market != "fda":
                raise _consistency(f"{market}.pathway", "risk.expected.fda_pathway_only", reg.pathway.value)
        return self

    def registration(self, market: str) -> DeviceRegistration | None:
        """The registration in ``market`` (``nmpa``, ``fda`` or ``ce_mdr``)."""
        found: DeviceRegistration | None = getattr(self, market)
        return found


__all__ = ["Activity", "DataType", "DeviceClass", "DeviceRegistration", "DeviceStatus", "FdaPathway",
           "MARKET_CLASSES", "MedicalDevice", "SENSITIVE_DATA_TYPES"]
