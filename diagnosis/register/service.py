"""Use cases of the enterprise register: check, save, delete, search and list.

The GUI and the command line call these one-line operations; each refuses bad input with a
DomainError that names the field and the reason, and writes nothing in that case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from diagnosis.messages import DomainError, Message, Problem, problem
from diagnosis.ports import EnterpriseRepository
from diagnosis.register.enterprise import Enterprise, enterprise_id_for, errors, validate
from diagnosis.register.reference_data import RegisterReference, register_reference

if TYPE_CHECKING:
    from array import array

    from diagnosis.register.importer import ImportPlan, Progress
from diagnosis.register.search import EnterpriseIndex


class SaveOutcome(NamedTuple):
    kind: Literal["created", "updated", "unchanged"]
    enterprise: Enterprise
    changed: tuple[str, ...]
    warnings: tuple[Problem, ...]


class RegisterService:
    def __init__(self, repo: EnterpriseRepository, ref: RegisterReference | None = None) -> None:
        self.repo = repo
        self.ref = ref or register_reference()

    def check(self, e: Enterprise) -> list[Problem]:
        """Every problem of the record, including a credit code another enterprise holds."""
        out = validate(e, self.ref)
        if not any(p.field == "credit_code" and p.severity == "error" for p in out):
            owner = self.repo.by_codes([e.credit_code]).get(e.credit_code)
            if owner is not None and owner.id != e.id:
                out.append(problem("credit_code", "code.duplicate", name=owner.name))
        return out

    def save(self, e: Enterprise, *, create: bool = False) -> SaveOutcome:
        """Create or update; only changed fields are written, in one small transaction.

        ``create``: a new registration, whose id derives from its credit code; a code whose
        enterprise was deleted comes back as that record."""
        from diagnosis.register.credit_code import normalise

        e = e.with_values(credit_code=normalise(e.credit_code), name=e.name.strip())
        if create:
            e = replace(e, id=enterprise_id_for(e.credit_code))
        current = self.repo.get(e.id)
        if create and current is not None:
            raise DomainError([problem("credit_code", "code.duplicate", name=current.name)])
        # The code's owner is only looked up when the code is new to this record.
        keeps_code = current is not None and current.credit_code == e.credit_code
        found = validate(e, self.ref) if keeps_code else self.check(e)
        if errors(found):
            raise DomainError(errors(found))
        warnings = tuple(p for p in found if p.severity == "warning")
        if current is None and self.repo.known(e.id) and not create:
            # Deleted while it was being edited (here or by a sync): never resurrect silently.
            raise DomainError([Problem("id", Message("enterprise.missing"))])
        if current is None:
            self.repo.save([e], [])
            return SaveOutcome("created", e, tuple(e.values()), warnings)
        changed = e.changed_fields(current)
        if not changed:
            return SaveOutcome("unchanged", e, (), warnings)
        self.repo.save([], [(e, changed)])
        return SaveOutcome("updated", e, tuple(changed), warnings)

    def delete(self, enterprise_id: str) -> None:
        if not self.repo.delete(enterprise_id):
            raise DomainError([Problem("id", Message("enterprise.missing"))])

    def get(self, enterprise_id: str) -> Enterprise | None:
        return self.repo.get(enterprise_id)

    def index(self) -> EnterpriseIndex:
        return EnterpriseIndex(self.repo.index_rows())

    def ids_by_name(self) -> list[str]:
        return self.repo.ids_by_name()

    def order(self, column: str, descending: bool = False) -> list[str]:
        return self.repo.order(column, descending)

    def sort_positions(self, column: str, descending: bool = False) -> tuple[int, array[int]]:
        return self.repo.sort_positions(column, descending)

    def rows(self, ids: Sequence[str]) -> dict[str, Enterprise]:
        return self.repo.display_rows(ids)

    def count(self) -> int:
        return self.repo.count()

    def close(self) -> None:
        self.repo.close()

    def plan_import(
        self, path: Path, progress: Progress | None = None, sheet: str | int | None = None
    ) -> ImportPlan:
        """What importing ``path`` (a workbook's ``sheet``) would do; writes nothing. Raises
        ReadError."""
        from diagnosis.register.importer import plan_import  # only an import pays for its code

        return plan_import(path, self.repo, self.ref, progress, sheet)

    def import_file(
        self, path: Path, progress: Progress | None = None, sheet: str | int | None = None
    ) -> ImportPlan:
        """Plan against the store as it is now and write every good row in one transaction."""
        from diagnosis.register.importer import apply_import

        plan = self.plan_import(path, progress, sheet)
        apply_import(plan, self.repo)
        return plan
