"""PaymentsPlus end to end with the client openapi-generator (python) generates: see docs/codegen.md."""
import datetime
import os
import uuid

import paymentsplus_oag as pp

# The API key is the HTTP Basic user name; the password is empty.
api = pp.ApiClient(pp.Configuration(host=os.environ["PAYMENTSPLUS_URL"], username=os.environ["PAYMENTSPLUS_API_KEY"], password=""))
files = pp.FilesApi(api)
payments = pp.PaymentsApi(api)


def step(name: str, ok: bool, detail: object) -> None:
    if not ok:
        raise SystemExit(f"STEP {name} failed: {detail!r}")
    print(f"STEP {name} ok", flush=True)


file_id = f"FILE-{uuid.uuid4().hex[:12].upper()}"
payment_id = f"{file_id}-1"
day = datetime.date(2030, 1, 2)

created = files.create_file(file_id, pp.CreateFileRequest(file_name=f"{file_id}.csv", payment_date=day))
step("file", created.status_code == "OPEN", created)

recipient = pp.RecipientAccountRequest(type="AU_DOMESTIC", account_name="Example Supplies", bsb_number="650-000", account_number="123456789")
payment = files.create_file_payment(
    file_id,
    payment_id,
    pp.CreatePaymentRequest(
        payment_method=pp.PaymentMethodCode.DIRECT_ENTRY,
        payment_amount=1234567.89,
        payment_date=day,
        funding_account=pp.FundingAccountRequest(bsb_number="032-000", account_number="100001"),
        recipient_account=pp.CreatePaymentRequestRecipientAccount(recipient),
        payee_name="Example Supplies",
        currency="AUD",
        lodgement_reference="INV-10023",
        payment_reference=payment_id,
    ),
)
step("payments", payment.payment_identifier == payment_id and payment.status_code == pp.PaymentStatusCode.OPEN, payment)

sent = files.send_file(file_id)
step("send", sent.status_code == "PROCESSING", sent)

file = files.get_file(file_id)
step("file-status", file.status_code is not None and file.status_code != "OPEN", file)

read = payments.get_payment(payment_id)
step("payment-status", read.status_code == pp.PaymentStatusCode.PENDING and read.payment_amount == 1234567.89, read)

listed = files.list_file_payments(file_id)
step("list", [p.payment_identifier for p in listed.data or []] == [payment_id], listed)

osko = payments.create_immediate_payment(
    f"{file_id}-OSKO",
    pp.ImmediatePaymentRequest(
        payment_method="OSKO",
        payment_amount=1.00,
        funding_account=pp.OskoFundingAccountRequest(bsb_number="032-000", account_number="100001", account_name="Account One"),
        recipient_account=pp.OskoRecipientAccountRequest(account_name="Jane Smith", identification="032000000007", scheme_name="BBAN"),
        payee_name="Jane Smith",
        currency="AUD",
        lodgement_reference="REFUND-77",
        payment_reference="REFUND-77",
        payment_date=day,
    ),
)
step("osko", osko.payment_identifier == f"{file_id}-OSKO" and osko.status_code == pp.PaymentStatusCode.OPEN, osko)
