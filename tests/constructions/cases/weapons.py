"""Weapons: names of weapons with their preposition (ceinture d'explosifs), a weapon hung with ``avec``
on the object is the verb's instrument, an actor armed with something (armés de fusils) carries the
weapons of its act; what is no weapon (vêtus de, avec l'appui de) is none."""

from ..case import TARGETING, Case, E, T

CASES = [
    Case("explosive-belt-is-one-weapon",
         "Un kamikaze a actionné sa ceinture d'explosifs devant une mosquée de Maiduguri.",
         must=[E("assault", actor="kamikaze", weapon="ceinture d'explosifs")],
         must_not=[E("*", weapon="explosifs"), E("*", weapon="ceinture")]),
    Case("bomber-fitted-with-an-explosive-belt",
         "Un kamikaze muni d'une ceinture d'explosifs a tué six fidèles à Maiduguri.",
         must=[E("assault", actor="kamikaze", weapon="ceinture d'explosifs", killed=6)],
         must_not=[E("*", actor="kamikaze muni")],
         known_gap="muni is kept in the name and the belt is lost: actor and weapon kamikaze muni"),
    Case("armed-with-rifles-and-machetes",
         "Des assaillants, armés de fusils et de machettes, ont attaqué le village de Djugu.",
         must=["assaillants | attaquer | village de Djugu",
               E("assault", actor="assaillants", weapon=("fusils", "machettes"))]),
    Case("dressed-in-is-no-weapon",
         "Des assaillants, vêtus de treillis et de turbans, ont attaqué le village de Djugu.",
         must=[E("assault", actor="assaillants", weapon=())]),
    Case("with-rockets-hung-on-the-object",
         "Les rebelles ont attaqué la base avec des roquettes et des mortiers.",
         must=[E("assault", actor="rebelles", target="base", weapon=("roquettes", "mortiers"))],
         must_not=[E("*", target="roquettes"), "rebelles | attaquer | base avec des roquettes"]),
    Case("with-support-is-no-weapon",
         "L'armée a attaqué le camp rebelle avec l'appui de la Russie.",
         must=["armée | attaquer | camp rebelle", E("assault", actor="armée", weapon=())],
         must_not=[E("*", weapon="appui"), E("*", target="Russie")]),
    Case("machete-hung-on-the-wounded",
         "Des bandits ont blessé quatre éleveurs à la machette près de Tillabéri.",
         must=["bandits | blesser | quatre éleveurs", E("assault", actor="bandits", weapon="machette", injured=4)],
         must_not=["bandits | blesser | quatre éleveurs à la machette", "bandits | blesser à | *"]),
    Case("rocket-attack-keeps-its-weapon-in-its-name",
         "Une attaque à la roquette a touché le camp de Kidal dimanche.",
         must=["attaque à la roquette / attaque | toucher | camp de Kidal"],
         must_not=[T("attaque", TARGETING, "roquette")]),
]
