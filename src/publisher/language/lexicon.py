"""Closed-class words and letters that tell languages apart.

Function words carry the grammar of a sentence, so they decide its language even when most of
its nouns are English jargon. Only words that are unambiguous between the languages compared
are listed (English "on" is Czech "he", Russian "а" is English "a" in Latin letters).
"""

from __future__ import annotations

import re

RU_FUNCTION = frozenset(
    """
    а без более бы был была были было в вам вас ведь во вот все всё всего всех вместо вдоль
    где да даже для до его ее её если есть еще ещё же за здесь и из или им их к как какой
    какая какие когда кто ли либо между меня мне много может можно мой моя моё мои мы на над
    надо нам нас не него нее неё нет ни них но ну о об обо один одна одно он она они оно от
    очень перед по под после потому почему при про раз с себя сейчас со так также такой там
    те тем теперь то того тоже только тот у уже хотя чего чем через что чтобы эта эти это
    этот этого этой этом я зачем вообще почти теперь который которая которое которые которых
    сам сама сами свой своя свои наш наша наше наши нашего нашей нужно нельзя ещё пока снова
    вместе около среди кроме
    """.split()
)

EN_FUNCTION = frozenset(
    """
    the of and to in is are was were be been being that this these those with for from by at
    as it its into onto about after before when while why what which who whom whose how where
    we our us you your they their them he she his her i my me not no nor but or if then than
    so because until since will would can could should must may might shall do does did done
    has have had having there here some any every each all both only just also very more most
    less least much many few an a one two three first new over under again still already yet
    out up down off through without within between against during per via
    is isn't don't doesn't didn't can't won't it's we're we've that's there's let's what's
    """.split()
)

# Common function words of other Latin-script languages that are not English words.
LATIN_OTHER_FUNCTION = frozenset(
    """
    der die das und mit für von zu wir ist ein eine einen einem einer nicht auf dem des im
    sind haben wie warum aber oder auch noch nur sich ich unsere unser bei nach aus über
    les et est nous avons pour une dans du au pas qui que sur avec pourquoi notre nos ces sont
    en el los las y por para con una del es como pero más porqué qué hemos nuestro nuestra muy
    il di che non sono abbiamo della delle nel nella gli perché anche questo come
    uma não com os são nós mais uns temos nosso nossa também porque
    przez się nie jest oraz dlaczego jak że dla być są nasz nasza już tylko
    het een voor niet wij zijn naar waarom ook maar onze hoe
    jsme proč jako který která které také jsou nebo
    ve için ile bu neden bir olarak daha ama
    smo zašto koji koja koje što ali kao sam ste
    """.split()
)

# One-letter words: Spanish "y", Italian/Portuguese "e", Spanish/Portuguese "o" ("and", "or").
LATIN_OTHER_LETTER_WORDS = frozenset("yeo")

# Frequent words of blog headings in other Latin-script languages that are not English words
# and carry no diacritics (those with diacritics are told by their letters).
LATIN_OTHER_WORDS = frozenset(
    """
    fazit ausblick einleitung zusammenfassung danksagung hintergrund ergebnisse voraussetzungen
    erfahrungen
    conclusiones introduccion resumen agradecimientos resultados antecedentes requisitos
    siguientes pasos nuestro nuestros
    remerciements contexte bilan prochaines etapes
    conclusioni conclusione introduzione ringraziamenti riepilogo risultati requisiti prossimi passi
    conclusao introducao agradecimentos resumo proximos passos
    podsumowanie wprowadzenie wnioski wyniki wymagania
    inleiding samenvatting conclusie dankwoord resultaten achtergrond vereisten volgende stappen
    zaver uvod shrnuti
    sonuc giris ozet
    """.split()
)

# Endings of other Latin-script languages that English words do not have (German -ung/-keit,
# Italian -zione, Spanish -ciones, Dutch -heid, Polish -owanie).
LATIN_OTHER_ENDING = re.compile(
    r"\w{4,}(?:ung|ungen|keit|heit|schaft|lich)$|(?:zione|zioni|ciones|heid|owanie)$"
)

# Lorem ipsum is placeholder, not prose, whatever its letters.
LOREM = frozenset(
    "lorem ipsum dolor amet consectetur adipiscing elit eiusmod tempor incididunt labore "
    "dolore magna aliqua enim minim veniam nostrud exercitation ullamco laboris nisi".split()
)

# Product names that are not English words: names don't vote, even when lower-cased.
TECH_NAMES = frozenset(
    """
    kubernetes docker redis kafka postgres postgresql mysql mariadb mongodb sqlite grafana
    prometheus loki promtail terraform ansible jenkins gitlab github bitbucket nginx traefik
    istio envoy kotlin flutter dart python go golang django flask fastapi rabbitmq elasticsearch
    kibana opensearch clickhouse sentry keycloak webpack vite react vue angular svelte nextjs
    nuxt typescript javascript linux ubuntu debian nodejs deno pydantic sqlalchemy pytest
    playwright selenium cypress grpc graphql openapi swagger airflow dagster hadoop flink minio
    ceph argocd fluxcd tekton datadog pagerduty opsgenie jira confluence obsidian hugo jekyll
    strapi wordpress cloudflare vercel netlify heroku aws gcp azure openai anthropic llama
    ollama huggingface numpy pandas jupyter tensorflow pytorch kubectl podman containerd
    systemd cron celery zookeeper etcd memcached varnish haproxy caddy certbot letsencrypt
    """.split()
)

# Letters that Russian does not have but its Cyrillic neighbours do.
NON_RUSSIAN_CYRILLIC = frozenset("іїєґўјљњћђџѓќѕәқңөұүһӣӯ")

# Frequent words of Ukrainian, Belarusian, Bulgarian, Serbian and Macedonian that are not
# Russian words, for the texts that happen to avoid the letters above: function words and the
# words of section headings (a one-word heading has nothing else to tell by). Words Russian also
# has ("тому", "та", "само", "след") are left out: ties go to Russian.
CYRILLIC_OTHER_FUNCTION = frozenset(
    """
    към защо това тази този тези които който която са ще във със съм сме сте няма нашия нашата
    трябва също още ако като всички всеки сега вече бяха има може опит какво кога тук всичко
    нищо нещо обаче защото докато според относно чрез преди многу нашиот шта ова нисмо након
    према веома треба
    зошто што се од ние тие беше нема кои оваа овој
    зашто смо су је али јер који која ће
    що це але або він вона вони від щоб якщо які який яка яке також дуже ми як тепер вже
    коли чому навіщо чи теж лише можна поки було були буде був цей ця цього цьому його йому
    зробили оновили отримали однак проте з зі
    гэта таксама
    висновок висновки вступ передмова подяки підсумки зміст дякую дякуємо дзякуй дзякуем
    благодарам благодарност заклучок заклучоци вовед резиме закључак поглед напред преглед
    резултати резултат линкове линкови корисни
    """.split()
)

RU_ONLY_LETTERS = frozenset("ыэё")

# Spellings Russian words never have: Ukrainian -ння, Bulgarian/Macedonian past tense -хме/-вме,
# Bulgarian definite articles on nouns (-ията, -нието), a word-initial йд (Ukrainian ``йдуть``).
NON_RUSSIAN_ENDING = re.compile(r"(?:ння|хме|вме|ията|нието)$|^йд")

# Russian function words that its Cyrillic neighbours spell differently.
RU_ONLY_FUNCTION = frozenset(
    """
    что чтобы это этот эта эти если уже ещё еще тоже только который которая которые которых
    его её ее их они вы был была были было будет нет почему зачем когда сейчас теперь очень
    можно нужно вместо после между
    """.split()
)

# Russian written in Latin letters: words that are not English and are frequent in Russian.
TRANSLIT_FUNCTION = frozenset(
    """
    v s k u na ot pro nash nashu nashi kak chto eto ne dlya po ili zachem pochemu kogda ih ikh nam
    iz za bez cherez uzhe tak tozhe tolko vse vsyo seychas segodnya ochen mozhno nuzhno
    kotoryj kotoryi kotorye budet byl bylo byli esli li zhe vot dazhe menya nas vas oni ona ono
    ya mne tebe sebya ego eyo ee tam zdes gde privet spasibo poka chego novogo vsem
    """.split()
)

# The two keyboard layouts, key for key: a slip types one language's letters on the other's keys.
LAYOUT_EN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
LAYOUT_RU = "йцукенгшщзхъфывапролджэячсмитьбюё"
