"""What each notice must say, by the rule it answers: shown to staff in the admin, never on the page.

Each entry names the rule and lists the elements the text must cover, so whoever confirms a sample
(or writes a new version) can tick them off. The sample texts in `notices.samples` cover each one.
"""

RULES = {
    "privacy-practices": (
        "HIPAA Privacy Rule, 45 CFR 164.520 (notice of privacy practices). A provider with a website "
        "about its services posts the notice prominently on it (164.520(c)(3)(i)); a revised notice is "
        "posted by its effective date (164.520(c)(2)(iv)). The intake forms link to the version in force and "
        "each submission keeps the version the patient acknowledged.",
        [
            "The header: “This notice describes how medical information about you may be used and disclosed "
            "and how you can get access to this information. Please review it carefully.” (b)(1)(i)",
            "Uses and disclosures for treatment, payment and health care operations, an example of each (b)(1)(ii)(A)",
            "Each other purpose allowed without written permission, and any stricter state law (b)(1)(ii)(B)-(C)",
            "That other uses (marketing, sale of information, psychotherapy notes) need written permission, "
            "which can be withdrawn (b)(1)(ii)(E)",
            "Fundraising contacts and the right to opt out, if the practice fundraises (b)(1)(iii)",
            "The patient's rights: restrictions (including the out-of-pocket rule), confidential "
            "communications, access and copies, amendment, an accounting of disclosures, a paper copy (b)(1)(iv)",
            "The practice's duties: keep information private, give this notice, tell patients of a breach, "
            "follow the notice in force, how changes are made and posted (b)(1)(v)",
            "How to complain to the practice and to the Secretary of HHS; no retaliation (b)(1)(vi)",
            "A contact person or office and a telephone number (b)(1)(vii)",
            "The effective date (b)(1)(viii): the version's effective date, shown on the page",
        ],
    ),
    "nondiscrimination": (
        "Section 1557 of the Affordable Care Act, 45 CFR 92.10 (notice of nondiscrimination), 2024 rule. "
        "Posted prominently on the website, reachable from the home page (the footer of every page links it).",
        [
            "No discrimination on the basis of race, color, national origin (including limited English "
            "proficiency and primary language), sex, age or disability (a)(1)(i)",
            "Reasonable changes and free aids and services for people with disabilities, including qualified "
            "interpreters and other formats such as large print or braille (a)(1)(ii)",
            "Free language help: interpreters and translated documents (a)(1)(iii)",
            "How to get these aids and services (a)(1)(iv)",
            "The Section 1557 Coordinator's contact details, where the practice must have one (15 or more "
            "employees) (a)(1)(v)",
            "The grievance procedure and how to file a grievance, where the practice must have one (a)(1)(vi)",
            "How to file a complaint with the HHS Office for Civil Rights (a)(1)(vii)",
            "Where on the website this notice is (a)(1)(viii)",
        ],
    ),
    "language-help": (
        "Section 1557 of the Affordable Care Act, 45 CFR 92.11 (notice of availability of language "
        "assistance services and auxiliary aids and services), 2024 rule: in English and in at least the "
        "15 languages most spoken by people with limited English proficiency in the states served (New York, "
        "New Jersey and Connecticut added together), posted on the website. The taglines below the text are "
        "sample translations: the official ones are published by the HHS Office for Civil Rights "
        "(hhs.gov/civil-rights, “Section 1557 translated resources”); use those, or a qualified translator's, "
        "before unticking “sample”.",
        [
            "That free language help (interpreters, translated documents) is available (b)",
            "That free aids and services for people with disabilities are available (b)",
            "How to ask for them: the phone number, in each language",
            "A tagline in each of the 15 languages, each in its own script (see notices/languages.py for the "
            "ranking and its source)",
        ],
    ),
    "patient-protections": (
        "No Surprises Act (Public Health Service Act 2799B-6 and 2799B-7): Good Faith Estimates for people "
        "without insurance or not using it, 45 CFR 149.610, and the patient-provider dispute resolution "
        "process, 45 CFR 149.620. The “right to a Good Faith Estimate” notice on /self-pay/ stays there; this "
        "page explains estimates and disputes in full, and the self-pay page, its receipt and the footer link "
        "here.",
        [
            "Who can get a Good Faith Estimate, and that it is free",
            "When it arrives: 1 business day after booking a visit 3 to 9 business days ahead; 3 business days "
            "after booking one 10 or more ahead, or after asking",
            "What it lists, and that one estimate may cover a course of visits up to 12 months",
            "The right to dispute a bill at least $400 above the estimate: within 120 days of the bill, "
            "through CMS, the $25 fee, no collections while the dispute is open",
            "Where to get help: CMS's No Surprises Help Desk, 1-800-985-3059, www.cms.gov/nosurprises",
            "The protections against surprise bills when insurance is used, and the state agencies to ask",
        ],
    ),
    "accessibility": (
        "Accessibility statement. Section 1557's 2024 rule (45 CFR 92.204) asks that a recipient's website be "
        "accessible, and HHS's 2024 Section 504 rule (45 CFR 84.84) names WCAG 2.1 level AA as the standard; "
        "the ADA and state law point the same way.",
        [
            "The standard the site aims to meet: WCAG 2.1 level AA",
            "How the site is tested",
            "Known limits, and how to get around them",
            "How to ask for help or for another format: phone, email, relay (711)",
            "A date: the version's effective date, shown on the page",
        ],
    ),
    "website-privacy": (
        "Website privacy statement (the Notice of Privacy Practices covers health information; this covers "
        "the website). New York, New Jersey and Connecticut expect a site that collects personal information "
        "to say what it collects and why.",
        [
            "What the website collects: only what patients type into its forms",
            "That nothing is loaded from other sites, and no analytics, advertising or trackers run",
            "Cookies: none on content pages; the forms' security cookie",
            "How long form data is kept ({card_photos_kept} and {forms_kept} come from the retention settings)",
            "Who to contact",
        ],
    ),
}


def rule_for(slug: str) -> tuple[str, list[str]]:
    return RULES.get(slug, ("", []))
