"""Sample notices written for the practice in plain words, each covering what its rule asks.

Every one is marked sample until the clinic confirms it (see `notices.rules` for the elements
each must cover). {phone} and the other placeholders are filled in on the page.
"""

PRIVACY_PRACTICES = {
    "title": "Notice of Privacy Practices",
    "summary": "How Resilient Performance Physical Therapy may use and share your health information, your rights "
    "over it, and how to reach our Privacy Officer.",
    "sections": [
        (
            "",
            "This notice describes how medical information about you may be used and disclosed and how you can "
            "get access to this information. Please review it carefully.\n\n"
            "It applies to Resilient Performance Physical Therapy and everyone who works at our clinics in "
            "Manhattan, Chatham, Wharton and Darien. If you have questions, call our Privacy Officer at {phone}.",
        ),
        (
            "Our duties",
            "- The law requires us to keep your health information private and to give you this notice of our "
            "duties and privacy practices.\n"
            "- We will tell you promptly if a breach happens that may have put your information at risk.\n"
            "- We must follow the notice in force, and will not use or share your information other than as "
            "described here unless you tell us in writing that we can. You can change your mind at any time: "
            "tell us in writing.\n"
            "- We can change this notice, and the changes will apply to all the information we hold about you. "
            "A new notice is posted on this page, with its effective date, by the day it takes effect; it is "
            "available in our clinics, and we will give you a copy on request.",
        ),
        (
            "How we use and share your information for your care",
            "We may use your health information and share it with others without asking you in writing for "
            "these purposes.\n\n"
            "To treat you: we use your information to plan and give your physical therapy, and may share it with "
            "other professionals treating you. Example: your physician who referred you asks how your knee "
            "rehabilitation is going.\n\n"
            "To run our practice: we use your information to run the clinics, improve our care and contact you "
            "when needed. Examples: we review treatment notes to check the quality of our care; we call or text "
            "you to remind you of an appointment.\n\n"
            "To bill for your care: we use and share your information to get paid by your health plan or other "
            "payers. Example: we give your insurance company the details it needs to pay for your visits.",
        ),
        (
            "Other ways we may share your information",
            "The law allows or requires us to share your information in the following ways, usually to help the "
            "public good. We must meet many conditions in the law before we can.\n"
            "- To help with public health and safety: preventing disease, helping with product recalls, reporting "
            "reactions to medicines, reporting suspected abuse, neglect or domestic violence, and preventing or "
            "reducing a serious threat to anyone's health or safety.\n"
            "- For research, under the rules that protect research participants.\n"
            "- When state or federal law requires it, including to the Department of Health and Human Services if "
            "it wants to see that we are complying with federal privacy law.\n"
            "- To answer organ and tissue donation requests.\n"
            "- To work with a medical examiner or funeral director when someone dies.\n"
            "- For workers' compensation claims, for law enforcement purposes or with a law enforcement "
            "official, to health oversight agencies for activities the law authorizes, and for special "
            "government functions such as military, national security and presidential protective services.\n"
            "- In response to a court or administrative order, or to a subpoena.\n\n"
            "Where the law of New York, New Jersey or Connecticut protects some information more strictly than "
            "federal law, for example information about HIV, mental health, substance use or genetic tests, we "
            "follow the stricter law.",
        ),
        (
            "Your choices",
            "You can tell us your choices about what we share in these cases, and we will follow your "
            "instructions:\n"
            "- sharing information with your family, close friends or others involved in your care or in paying "
            "for it;\n"
            "- sharing information in a disaster relief situation.\n\n"
            "If you cannot tell us your preference, for example if you are unconscious, we may share your "
            "information if we believe it is in your best interest, or when needed to lessen a serious and "
            "imminent threat to health or safety.\n\n"
            "We never use or share your information for marketing, and never sell it, unless you give us "
            "written permission. We do not contact patients for fundraising, and we do not keep psychotherapy "
            "notes.",
        ),
        (
            "Your rights",
            "When it comes to your health information, you have the right to:\n"
            "- See or get a paper or electronic copy of your medical and billing records. Ask us how. We will give "
            "you a copy or a summary, usually within 30 days of your request, and may charge a reasonable, "
            "cost-based fee.\n"
            "- Ask us to correct information you think is wrong or incomplete. Ask us how. We may say no, but we "
            "will tell you why in writing within 60 days.\n"
            "- Ask us to contact you in a particular way (for example, your cell phone only) or at a different "
            "address. We will say yes to all reasonable requests.\n"
            "- Ask us not to use or share certain information for treatment, payment or our operations. We are "
            "not required to agree, and we may say no if it would affect your care. If you pay for a service in "
            "full yourself, you can ask us not to share that information with your health plan for payment or "
            "its operations, and we will say yes unless a law requires us to share it.\n"
            "- Get a list of the times we have shared your information in the six years before you ask, who we "
            "shared it with and why. It leaves out sharing for treatment, payment and our operations and some "
            "other sharing (such as any you asked us to make). We give one list a year free, and may charge a "
            "reasonable, cost-based fee for another within 12 months.\n"
            "- Get a paper copy of this notice at any time, even if you agreed to receive it electronically.\n"
            "- Choose someone to act for you: if you have given someone medical power of attorney, or someone is "
            "your legal guardian, that person can use your rights and make choices about your health information. "
            "We check that they have this authority before we act.",
        ),
        (
            "Questions and complaints",
            "If you believe we have not protected your privacy rights, you can complain to us: call our Privacy "
            "Officer at {phone}, or write to the Privacy Officer at any of our clinics (their addresses are on our "
            "locations page).\n\n"
            "You can also complain to the U.S. Department of Health and Human Services, Office for Civil Rights: "
            "write to 200 Independence Avenue, S.W., Washington, D.C. 20201, call 1-877-696-6775, or visit "
            "www.hhs.gov/ocr/privacy/hipaa/complaints/.\n\n"
            "We will not act against you in any way for making a complaint.",
        ),
    ],
}

NONDISCRIMINATION = {
    "title": "Nondiscrimination notice",
    "summary": "Resilient Performance Physical Therapy does not discriminate, and provides free aids, services and "
    "language help. How to ask for them, and how to complain.",
    "sections": [
        (
            "",
            "Resilient Performance Physical Therapy complies with federal civil rights laws, including Section "
            "1557 of the Affordable Care Act. We do not discriminate on the basis of race, color, national origin "
            "(including limited English proficiency and primary language), age, disability or sex (including "
            "pregnancy, sexual orientation, gender identity and sex characteristics). We do not exclude people or "
            "treat them differently because of any of these.",
        ),
        (
            "Free help we provide",
            "For people with disabilities, free of charge and in good time, so that you can communicate with us "
            "and use our services as others do:\n"
            "- qualified sign language interpreters;\n"
            "- written information in other formats, such as large print, braille, audio or accessible "
            "electronic formats;\n"
            "- reasonable changes to our policies and practices, such as more time for an appointment.\n\n"
            "For people whose main language is not English, free of charge and in good time:\n"
            "- qualified interpreters, in person or by phone or video;\n"
            "- information written in other languages.",
        ),
        (
            "How to ask for this help",
            "Call our Section 1557 Coordinator at {phone}, or ask at the front desk of any of our clinics. If you "
            "are deaf or hard of hearing, call us through the relay service: dial 711. It helps to tell us before "
            "your visit, but you can ask at any time.",
        ),
        (
            "If you believe we have discriminated against you",
            "You can file a grievance with us. Our Section 1557 Coordinator will look into it and answer you in "
            "writing:\n"
            "- by phone: call {phone} and ask for the Section 1557 Coordinator;\n"
            "- in writing: give or send a letter to the Section 1557 Coordinator at any of our clinics (their "
            "addresses are on our locations page);\n"
            "- in person, at any of our clinics.\n\n"
            "If you need help filing a grievance, our Section 1557 Coordinator will help you. We will not act "
            "against you for filing one.\n\n"
            "You can also file a civil rights complaint with the U.S. Department of Health and Human Services, "
            "Office for Civil Rights:\n"
            "- online through the Office for Civil Rights Complaint Portal, ocrportal.hhs.gov/ocr/portal/lobby.jsf;\n"
            "- by mail to U.S. Department of Health and Human Services, 200 Independence Avenue, SW, Room 509F, "
            "HHH Building, Washington, D.C. 20201;\n"
            "- by phone at 1-800-368-1019 (TDD: 1-800-537-7697).\n\n"
            "Complaint forms are available at www.hhs.gov/ocr/complaints/index.html.",
        ),
        (
            "Where to find this notice",
            "This notice is on our website, on the “Nondiscrimination” page linked at the foot of every page, and "
            "is posted in each of our clinics. The “Language help” page says the same in other languages.",
        ),
    ],
}

LANGUAGE_HELP = {
    "title": "Language help",
    "summary": "Free interpreters and translated information, and free aids for people with disabilities. Call us "
    "in your language.",
    "sections": [
        (
            "",
            "If you speak a language other than English, we provide language help free of charge: a qualified "
            "interpreter, in person or by phone or video, and information written in your language.\n\n"
            "If you have a disability, we provide free aids and services, such as sign language interpreters and "
            "information in large print, braille, audio or accessible electronic formats.\n\n"
            "To ask for either, call {phone} or ask at any of our clinics. If you are deaf or hard of hearing, "
            "dial 711 for the relay service. You never have to bring your own interpreter, and you do not have to "
            "pay for one.",
        ),
        (
            "More about your rights",
            "Our nondiscrimination notice explains your rights and how to complain if you believe we have "
            "discriminated against you.",
        ),
    ],
    # (language code, text): each says free language help is available and gives {phone}.
    "taglines": [
        (
            "es",
            "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística. "
            "Llame al {phone}.",
        ),
        ("zh-Hant", "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電 {phone}。"),
        ("zh-Hans", "注意：如果您使用简体中文，您可以免费获得语言援助服务。请致电 {phone}。"),
        (
            "ru",
            "ВНИМАНИЕ: если вы говорите на русском языке, вам доступны бесплатные услуги перевода. Звоните {phone}.",
        ),
        ("ht", "ATANSYON: Si w pale Kreyòl Ayisyen, gen sèvis èd pou lang ki disponib gratis pou ou. Rele {phone}."),
        (
            "ko",
            "주의: 한국어를 사용하시는 경우, 언어 지원 서비스를 무료로 이용하실 수 있습니다. {phone} 번으로 "
            "전화해 주십시오.",
        ),
        ("bn", "লক্ষ্য করুন: যদি আপনি বাংলায় কথা বলেন, তাহলে বিনামূল্যে ভাষা সহায়তা পরিষেবা আপনার জন্য উপলব্ধ আছে। ফোন করুন {phone}।"),
        (
            "it",
            "ATTENZIONE: se parla italiano, sono disponibili per lei servizi gratuiti di assistenza linguistica. "
            "Chiami il numero {phone}.",
        ),
        (
            "pl",
            "UWAGA: jeżeli mówisz po polsku, możesz skorzystać z bezpłatnej pomocy językowej. Zadzwoń pod numer "
            "{phone}.",
        ),
        (
            "yi",
            "אויפמערקזאם: אויב איר רעדט אידיש, זענען פארהאן פאר אייך שפראך הילף סערוויסעס פריי פון אפצאל. "
            "רופט {phone}.",
        ),
        (
            "pt",
            "ATENÇÃO: se fala português, tem à sua disposição serviços gratuitos de assistência linguística. "
            "Ligue para {phone}.",
        ),
        ("ar", "ملحوظة: إذا كنت تتحدث اللغة العربية، فإن خدمات المساعدة اللغوية متوفرة لك مجانًا. اتصل برقم {phone}."),
        (
            "tl",
            "PAUNAWA: Kung nagsasalita ka ng Tagalog, maaari kang gumamit ng mga serbisyo ng tulong sa wika nang "
            "walang bayad. Tumawag sa {phone}.",
        ),
        ("gu", "સૂચના: જો તમે ગુજરાતી બોલો છો, તો નિઃશુલ્ક ભાષા સહાય સેવાઓ તમારા માટે ઉપલબ્ધ છે. ફોન કરો {phone}."),
        (
            "fr",
            "ATTENTION : si vous parlez français, des services d’aide linguistique vous sont proposés "
            "gratuitement. Appelez le {phone}.",
        ),
        ("ur", "توجہ دیں: اگر آپ اردو بولتے ہیں تو آپ کے لیے زبان کی مدد کی خدمات مفت دستیاب ہیں۔ کال کریں {phone}۔"),
        ("hi", "ध्यान दें: यदि आप हिंदी बोलते हैं, तो आपके लिए मुफ्त में भाषा सहायता सेवाएं उपलब्ध हैं। {phone} पर कॉल करें।"),
        (
            "el",
            "ΠΡΟΣΟΧΗ: Αν μιλάτε ελληνικά, έχετε στη διάθεσή σας δωρεάν υπηρεσίες γλωσσικής υποστήριξης. "
            "Καλέστε στο {phone}.",
        ),
        ("vi", "CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn. Gọi số {phone}."),
        (
            "sq",
            "KUJDES: Nëse flitni shqip, për ju ka në dispozicion shërbime të asistencës gjuhësore, pa pagesë. "
            "Telefononi në {phone}.",
        ),
    ],
}

PATIENT_PROTECTIONS = {
    "title": "Patient protections: estimates and surprise bills",
    "summary": "Your right to a Good Faith Estimate of what your care will cost, how to dispute a bill well above "
    "it, and your protections against surprise medical bills.",
    "sections": [
        (
            "",
            "A federal law, the No Surprises Act, protects you from unexpected medical bills. This page explains "
            "what it means at our clinics. For questions, call us at {phone}.",
        ),
        (
            "Your right to a Good Faith Estimate",
            "If you do not have health insurance, or you choose not to use it for your visits with us, you have "
            "the right to a Good Faith Estimate: a written estimate of what your care will cost, before you "
            "receive it. It is free.\n"
            "- When you book a visit at least 3 business days ahead, we send the estimate within 1 business day "
            "of booking; when you book 10 or more business days ahead, within 3 business days.\n"
            "- You can ask for an estimate before you book anything, and we send it within 3 business days.\n"
            "- The estimate lists each service we expect to provide, such as an evaluation and treatment visits, "
            "with its expected charge and the codes that describe it.\n"
            "- Physical therapy is often a course of visits. One estimate can cover the whole course for up to 12 "
            "months; if the plan changes, we send you a new estimate.\n\n"
            "Keep a copy or a picture of your estimate. You will need it if your bill is higher.",
        ),
        (
            "If your bill is much higher than your estimate",
            "If you receive a bill that is at least $400 more than your Good Faith Estimate, you can dispute it. "
            "First call us at {phone}: we may correct the bill or agree a lower amount with you.\n\n"
            "You can also ask for an independent review through the federal patient-provider dispute resolution "
            "process:\n"
            "- start it within 120 calendar days of the date on the bill;\n"
            "- it costs $25; if the decision goes your way, the $25 comes off what you owe;\n"
            "- while the dispute is open, we will not send your bill to collections, and will hold off "
            "on late fees for the amount in dispute;\n"
            "- an independent reviewer decides what you owe, looking at your estimate, your bill and the reasons "
            "for any difference.\n\n"
            "To start a dispute or to learn more, visit www.cms.gov/nosurprises or call the No Surprises Help Desk "
            "at 1-800-985-3059.",
        ),
        (
            "When you use insurance",
            "Federal law also protects you from surprise bills for emergency care, and for care from an "
            "out-of-network provider at an in-network hospital or ambulatory surgery center. In those cases you "
            "pay only your plan's in-network share (copays, coinsurance and deductible), and the provider may not "
            "bill you for the rest unless you agreed in writing beforehand.\n\n"
            "Our clinics are outpatient physical therapy offices. Before your first visit we check your benefits "
            "with your insurance company and tell you whether we are in your plan's network and what you can "
            "expect to pay.\n\n"
            "New York, New Jersey and Connecticut have their own surprise bill laws, which may protect you "
            "further. If you think you have been billed wrongly, you can contact the No Surprises Help Desk "
            "above, or your state:\n"
            "- New York: Department of Financial Services, www.dfs.ny.gov\n"
            "- New Jersey: Department of Banking and Insurance, www.nj.gov/dobi\n"
            "- Connecticut: Insurance Department, portal.ct.gov/cid",
        ),
    ],
}

ACCESSIBILITY = {
    "title": "Accessibility statement",
    "summary": "How we make this website usable for everyone, how we test it, what we know does not yet work well, "
    "and how to get help or information in another format.",
    "sections": [
        (
            "",
            "We want everyone to be able to use this website, whatever their abilities and whatever device they "
            "use. We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, the standard "
            "federal rules ask of health care websites.",
        ),
        (
            "What we do",
            "We build the website so that:\n"
            "- Every page works without JavaScript and without loading anything from other websites.\n"
            "- Pages work on phones and large screens, and text can be enlarged to 200% without losing content.\n"
            "- Pages are built with headings, landmarks and labels that screen readers announce, and can be used "
            "with a keyboard alone.\n"
            "- Forms tell you clearly what went wrong and where, and keep what you typed.\n"
            "- Text and buttons have enough color contrast to read easily.",
        ),
        (
            "How we test",
            "Each time the website changes, automated checks run on every public page, at phone and desktop "
            "sizes: axe-core checks the WCAG 2.1 A and AA rules, and the W3C's Nu Html Checker checks that the "
            "pages are valid HTML. Automated checks cannot find every problem, so we also welcome your reports.",
        ),
        (
            "Known limits",
            "- The new-patient form asks for photos of your insurance card. If you cannot take or upload them, "
            "call us and we will take the details by phone.\n"
            "- Links to directions open Google Maps or Apple Maps, which are other companies' websites; we do not "
            "control how accessible they are. Each clinic's page also gives its address and directions in text.\n"
            "- The translations on our language help page are samples until the clinic confirms them.",
        ),
        (
            "Ask for help or another format",
            "If you have trouble using any part of this website, or need information from it in another format "
            "such as large print, braille, audio or plain text by email, contact us and we will help:\n"
            "- call {phone};\n"
            "- if you are deaf or hard of hearing, dial 711 for the relay service;\n"
            "- email accessibility@example.com (a sample address, until the clinic gives its own).\n\n"
            "Tell us the page and what went wrong. We aim to answer within 2 business days.\n\n"
            "This statement was reviewed on the date shown at the top of the page.",
        ),
    ],
}

WEBSITE_PRIVACY = {
    "title": "Website privacy statement",
    "summary": "What this website collects (only what you type into its forms), what it never does (load other "
    "sites, run analytics or trackers), how long we keep form details, and who to contact.",
    "sections": [
        (
            "",
            "This statement covers this website. How we use and protect your health information as a patient is "
            "explained in our Notice of Privacy Practices.",
        ),
        (
            "What this website collects",
            "Only what you type or upload into one of our three forms: the new patient form, the follow-up "
            "request and the self-pay registration. We use it to contact you, check your insurance benefits and "
            "book your visits, and for nothing else. We never sell it and never use it for advertising.\n\n"
            "What you send goes to our front desk over an encrypted connection. Photos of insurance cards and "
            "insurance numbers are stored encrypted, only our front-desk staff can see your details, and each "
            "time someone opens them we keep a record of who and when.",
        ),
        (
            "What this website never does",
            "- It loads nothing from other websites: no fonts, maps, videos or scripts from other companies. Your "
            "browser talks only to our site.\n"
            "- It runs no analytics, advertising or tracking tools, and no social media buttons.\n"
            "- It sets no cookies when you read our pages. The forms set one cookie that protects them against "
            "forgery and, after you send a form, one that lets your browser alone show your receipt. Neither is "
            "used to track you.\n"
            "- Our server logs record which pages were requested, for security, but never what you type into a "
            "form or search for.",
        ),
        (
            "How long we keep your details",
            "We delete the photos of your insurance card {card_photos_kept} after we finish with your form, and "
            "the rest of what you sent {forms_kept} after that, the period we must keep records. Emails we send "
            "you only acknowledge what you sent, with a reference; they never repeat your details.",
        ),
        (
            "Questions",
            "Call our Privacy Officer at {phone}, or write to the Privacy Officer at any of our clinics. To see, "
            "correct or get a copy of what you sent us, see “Your rights” in our Notice of Privacy Practices.",
        ),
    ],
}

SAMPLES = {
    "privacy-practices": PRIVACY_PRACTICES,
    "nondiscrimination": NONDISCRIMINATION,
    "language-help": LANGUAGE_HELP,
    "patient-protections": PATIENT_PROTECTIONS,
    "accessibility": ACCESSIBILITY,
    "website-privacy": WEBSITE_PRIVACY,
}
