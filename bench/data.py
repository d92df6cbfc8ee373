"""Generated conditions for `make bench SCALE=N`: N published conditions in all (Back Spasms
and N - 1 generated), each with 6 symptoms and 5 causes, spread over the alphabet and the body
areas. Every generated one says it is test data in its title and summary, and runs only in
the bench's throwaway database.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.data 10000
"""

import random
import sys

import django

WORDS = (  # noqa: SIM905 (words in a sentence read better than 31 quoted strings)
    "acute anterior back calf chronic disc elbow fascia gluteal hamstring iliac joint knee lumbar "
    "muscle nerve overuse patellar quadriceps rotator sciatic tendon ulnar vertebral wrist "
    "xiphoid yield zygapophyseal achilles bursa cervical"
).split()


def load(total: int) -> int:
    from django.db import transaction

    from clinic_site.models import ContentVersion
    from conditions.models import Cause, Condition, Symptom

    rng = random.Random(11)
    regions = Condition.Region.values
    have = Condition.objects.count()
    made = []
    with transaction.atomic():
        for n in range(have, total):
            first = WORDS[n % len(WORDS)]
            words = [first, *rng.sample(WORDS, 2)]
            title = " ".join(words).capitalize() + f" strain {n} (test data)"
            made.append(
                Condition(
                    title=title,
                    slug=f"test-{n}-" + "-".join(words),
                    summary=f"Generated test data for the benchmark: {' '.join(words)} pain and stiffness.",
                    region=regions[n % len(regions)],
                    status=Condition.Status.PUBLISHED,
                )
            )
        Condition.objects.bulk_create(made, batch_size=1000)
        symptoms, causes = [], []
        for condition in Condition.objects.filter(slug__startswith="test-").only("pk"):
            symptoms += [
                Symptom(condition=condition, position=i, text=f"{rng.choice(WORDS)} ache {i}") for i in range(6)
            ]
            causes += [
                Cause(condition=condition, position=i, text=f"{rng.choice(WORDS)} overload {i}") for i in range(5)
            ]
        Symptom.objects.bulk_create(symptoms, batch_size=5000)
        Cause.objects.bulk_create(causes, batch_size=5000)
    ContentVersion.bump()
    return len(made)


if __name__ == "__main__":
    django.setup()
    print(load(int(sys.argv[1])))
