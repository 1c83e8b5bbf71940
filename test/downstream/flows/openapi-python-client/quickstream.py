"""QuickStream end to end with the client openapi-python-client generates: see docs/codegen.md."""
import os
import uuid

from quickstream_client import Client
from quickstream_client.api.customers import create_customer
from quickstream_client.api.single_use_tokens import create_single_use_token
from quickstream_client.api.transactions import create_transaction, get_transaction, list_transactions
from quickstream_client.models import (
    PaymentTransactionRequest,
    PaymentTransactionRequestTransactionType,
    CreditCardSingleUseToken,
    CreditCardSingleUseTokenRequest,
    CreditCardSingleUseTokenRequestAccountType,
    Customer,
    CustomerRequest,
    ErrorResponse,
    Transaction,
    TransactionList,
    TransactionStatus,
)


def client(key: str) -> Client:
    # The API key is the HTTP Basic user name with an empty password: httpx's own basic auth, through httpx_args.
    return Client(base_url=os.environ["QUICKSTREAM_URL"], httpx_args={"auth": (key, "")}, raise_on_unexpected_status=True)


secret = client(os.environ["QUICKSTREAM_SECRET_KEY"])
publishable = client(os.environ["QUICKSTREAM_PUBLISHABLE_KEY"])
business = os.environ["SUPPLIER_BUSINESS_CODE"]


def step(name: str, ok: bool, detail: object) -> None:
    if not ok:
        raise SystemExit(f"STEP {name} failed: {detail!r}")
    print(f"STEP {name} ok", flush=True)


customer = create_customer.sync(client=secret, body=CustomerRequest(customer_number=f"FLOW-{uuid.uuid4()}", customer_name="Jane Smith"))
step("customer", isinstance(customer, Customer) and bool(customer.customer_id), customer)


def card_token(card_number: str) -> str:
    request = CreditCardSingleUseTokenRequest(
        supplier_business_code=business,
        account_type=CreditCardSingleUseTokenRequestAccountType.CREDIT_CARD,
        cardholder_name="Jane Smith",
        card_number=card_number,
        expiry_date_month="01",
        expiry_date_year="2050",
        cvn="123",
    )
    token = create_single_use_token.sync(client=publishable, body=request)
    if not isinstance(token, CreditCardSingleUseToken):
        raise SystemExit(f"no card token: {token!r}")
    return token.single_use_token_id


approving_token = card_token("4242424242424242")
step("token", bool(approving_token), approving_token)


def payment(token: str, amount: float = 10.00) -> PaymentTransactionRequest:
    return PaymentTransactionRequest(
        transaction_type=PaymentTransactionRequestTransactionType.PAYMENT,
        single_use_token_id=token,
        supplier_business_code=business,
        principal_amount=amount,
        currency="AUD",
        customer_reference_number=customer.customer_number,
        payment_reference_number="ORDER-1001",
    )


def pay(body: PaymentTransactionRequest, key: str) -> Transaction:
    transaction = create_transaction.sync(client=secret, body=body, idempotency_key=key)
    if not isinstance(transaction, Transaction):
        raise SystemExit(f"no transaction: {transaction!r}")
    return transaction


approved = pay(payment(approving_token, 1234567.89), str(uuid.uuid4()))
step("approved", approved.status == TransactionStatus.APPROVED and bool(approved.receipt_number), approved)

declined = pay(payment(card_token("4111111111444496")), str(uuid.uuid4()))
step("declined", declined.status == TransactionStatus.DECLINED and declined.response_code == "51", declined)

read = get_transaction.sync(client=secret, receipt_number=approved.receipt_number)
step(
    "read",
    isinstance(read, Transaction)
    and read.receipt_number == approved.receipt_number
    and read.status == TransactionStatus.APPROVED
    and read.principal_amount.amount == 1234567.89
    and read.principal_amount.currency == "AUD",
    read,
)

key = str(uuid.uuid4())
again = payment(card_token("4242424242424242"))
first = pay(again, key)
second = pay(again, key)
step("idempotent", first.receipt_number == second.receipt_number and first.status == TransactionStatus.APPROVED, (first, second))

listed = list_transactions.sync(client=secret)
step("list", isinstance(listed, TransactionList) and approved.receipt_number in [t.receipt_number for t in listed.data or []], listed)

# The approving token was used by the approved payment: the API refuses it again with 422 naming the field.
refused = create_transaction.sync_detailed(client=secret, body=payment(approving_token), idempotency_key=str(uuid.uuid4()))
step(
    "error",
    refused.status_code == 422 and isinstance(refused.parsed, ErrorResponse) and [e.field_name for e in refused.parsed.errors or []] == ["singleUseTokenId"],
    refused,
)
