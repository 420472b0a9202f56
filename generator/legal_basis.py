"""Whether each mission rests on a legal authority in force.

A mission is carried out under the authorities its own entry lists (`authorities:` in
missions.yml). A force's `authorities` are not passed on to its missions: a force acts under
several authorities, and which of them covers a given mission is exactly what the reader needs
the analyst to state, not the generator to guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Problem
from .resolved import Briefing, Entity

CHECKED = ("active", "planned")
"""Mission statuses whose legal basis is checked: a proposed or ended mission needs none now."""
NOT_IN_FORCE = ("not-invoked", "under-consideration", "rescinded", "expired")
"""Authority statuses under which nothing can be carried out today."""


@dataclass(frozen=True)
class Basis:
    """A mission and the authorities it acts under, in the order its entry lists them."""

    mission: Entity
    authorities: list[Entity]

    @property
    def status(self) -> str | None:
        return self.mission.model.status

    @property
    def not_in_force(self) -> list[Entity]:
        return [a for a in self.authorities if a.model.status in NOT_IN_FORCE]

    @property
    def in_question(self) -> bool:
        """True for an active or planned mission that names no authority, or one not in force."""
        return self.status in CHECKED and (not self.authorities or bool(self.not_in_force))


@dataclass(frozen=True)
class Reliance:
    """An authority not in force, and the missions (of any status) that act under it."""

    authority: Entity
    missions: list[Entity]


@dataclass(frozen=True)
class LegalBasis:
    """The legal basis of every mission of one briefing, for its overview and mission pages."""

    missions: list[Basis]
    not_in_force: list[Reliance]
    """Every authority of the briefing whose status is in :data:`NOT_IN_FORCE`, in file order."""

    @property
    def in_question(self) -> list[Basis]:
        return [b for b in self.missions if b.in_question]

    def of(self, mission: Entity) -> Basis | None:
        return next((b for b in self.missions if b.mission is mission), None)


def legal_basis(briefing: Briefing) -> LegalBasis:
    missions = [Basis(m, [briefing.entities[i] for i in m.model.authorities if i in briefing.entities])
                for m in briefing.of_kind("mission")]
    reliance = [Reliance(a, [b.mission for b in missions if a in b.authorities])
                for a in briefing.of_kind("authority") if a.model.status in NOT_IN_FORCE]
    return LegalBasis(missions, reliance)


def warnings(briefing: Briefing) -> list[Problem]:
    """Each active or planned mission without an authority (at its `status`), and each authority
    not in force that one acts under (at that authority in its `authorities` list)."""
    problems = []
    for basis in legal_basis(briefing).missions:
        if basis.status not in CHECKED:
            continue
        ident = basis.mission.id
        if not basis.authorities:
            problems.append(Problem(*basis.mission.where("status"),
                                    f"mission '{ident}' is {basis.status} but names no authority it acts under "
                                    f"(add `authorities:`); the site marks its legal basis as in question"))
        for i, authority in enumerate(basis.mission.model.authorities):
            status = briefing.entities[authority].model.status
            if status in NOT_IN_FORCE:
                problems.append(Problem(*basis.mission.where("authorities", i),
                                        f"mission '{ident}' is {basis.status} but acts under '{authority}', "
                                        f"whose status is {status}; the site marks its legal basis as in question"))
    return problems
