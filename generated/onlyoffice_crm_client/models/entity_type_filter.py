from enum import StrEnum


class EntityTypeFilter(StrEnum):
    CASE = "case"
    CONTACT = "contact"
    OPPORTUNITY = "opportunity"

    def __str__(self) -> str:
        return str(self.value)
