from enum import StrEnum


class InvoiceSortBy(StrEnum):
    CAN_DELETE = "canDelete"
    CAN_EDIT = "canEdit"
    CONTACT = "contact"
    COST = "cost"
    CREATE_ON = "createOn"
    DESCRIPTION = "description"
    DUE_DATE = "dueDate"
    EXCHANGE_RATE = "exchangeRate"
    FILE_ID = "fileID"
    ID = "id"
    ISSUE_DATE = "issueDate"
    LANGUAGE = "language"
    NUMBER = "number"
    PURCHASE_ORDER_NUMBER = "purchaseOrderNumber"
    STATUS = "status"
    TEMPLATE_TYPE = "templateType"
    TERMS = "terms"

    def __str__(self) -> str:
        return str(self.value)
