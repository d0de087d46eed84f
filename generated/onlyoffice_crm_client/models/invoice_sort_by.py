from enum import StrEnum


class InvoiceSortBy(StrEnum):
    CONTACT = "contact"
    DUE_DATE = "dueDate"
    ID = "id"
    ISSUE_DATE = "issueDate"
    NUMBER = "number"
    STATUS = "status"

    def __str__(self) -> str:
        return str(self.value)
