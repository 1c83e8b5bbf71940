// PaymentsPlus end to end with the client openapi-generator (kotlin, default library) generates, against the sandbox:
// the steps of PAYMENTSPLUS_STEPS in test/downstream/flows.ts, each checked, each reported as `STEP <name> ok`.
package example

import java.time.LocalDate
import java.util.UUID
import kotlin.system.exitProcess
import paymentsplus.apis.FilesApi
import paymentsplus.apis.PaymentsApi
import paymentsplus.infrastructure.ApiClient
import paymentsplus.models.CreateFileRequest
import paymentsplus.models.CreatePaymentRequest
import paymentsplus.models.FundingAccountRequest
import paymentsplus.models.ImmediatePaymentRequest
import paymentsplus.models.OskoFundingAccountRequest
import paymentsplus.models.OskoRecipientAccountRequest
import paymentsplus.models.Payment
import paymentsplus.models.PaymentMethodCode
import paymentsplus.models.PaymentStatusCode
import paymentsplus.models.RecipientAccountRequest

fun step(name: String, ok: Boolean, detail: Any?) {
    if (!ok) {
        println("STEP $name failed: $detail")
        exitProcess(1)
    }
    println("STEP $name ok")
}

/** An API class of the client for one key, as docs/codegen.md's recipe shows: HTTP Basic, the key as the user name. */
fun <T : ApiClient> T.withKey(key: String): T = apply { userCredentialsProvider = { key to "" } }

/** Whether a payment's status is the known code `want` (an open list: any string; an unlisted code matches none). */
fun Payment.isStatus(want: PaymentStatusCode) = statusCode == want.value

fun main() {
    val baseUrl = System.getenv("PAYMENTSPLUS_URL")
    val apiKey = System.getenv("PAYMENTSPLUS_API_KEY")
    val files = FilesApi(baseUrl).withKey(apiKey)
    val payments = PaymentsApi(baseUrl).withKey(apiKey)
    val fileId = "KOTLIN-" + UUID.randomUUID().toString().substring(0, 8).uppercase()
    val paymentId = "$fileId-1"
    val day = LocalDate.of(2030, 1, 2)

    val created = files.createFile(fileId, CreateFileRequest(fileName = "$fileId.csv", paymentDate = day))
    step("file", created.statusCode == "OPEN", created)

    // The recipient account is a union (a typed account or Osko's), which the recipe maps to `kotlin.Any`: the client
    // sends the model it is given.
    val recipient = RecipientAccountRequest(
        type = RecipientAccountRequest.Type.AU_DOMESTIC,
        accountName = "Example Supplies",
        bsbNumber = "650-000",
        accountNumber = "123456789",
    )
    val added = files.createFilePayment(
        fileId,
        paymentId,
        CreatePaymentRequest(
            paymentMethod = PaymentMethodCode.DIRECT_ENTRY,
            paymentAmount = 1234567.89,
            paymentDate = day,
            recipientAccount = recipient,
            payeeName = "Example Supplies",
            currency = "AUD",
            lodgementReference = "INV-10023",
            paymentReference = paymentId,
            fundingAccount = FundingAccountRequest(bsbNumber = "032-000", accountNumber = "100001"),
        ),
    )
    step("payments", added.paymentIdentifier == paymentId && added.isStatus(PaymentStatusCode.OPEN), added)

    val sent = files.sendFile(fileId)
    step("send", sent.statusCode == "PROCESSING", sent)

    val file = files.getFile(fileId)
    step("file-status", !file.statusCode.isNullOrEmpty() && file.statusCode != "OPEN", file)

    val read = payments.getPayment(paymentId)
    step("payment-status", read.isStatus(PaymentStatusCode.PENDING) && read.paymentAmount == 1234567.89, read)

    val listed = files.listFilePayments(fileId).`data`.orEmpty()
    step("list", listed.size == 1 && listed[0].paymentIdentifier == paymentId, listed)

    val osko = payments.createImmediatePayment(
        "$fileId-OSKO",
        ImmediatePaymentRequest(
            paymentMethod = ImmediatePaymentRequest.PaymentMethod.OSKO,
            paymentAmount = 1.00,
            fundingAccount = OskoFundingAccountRequest(bsbNumber = "032-000", accountNumber = "100001", accountName = "Account One"),
            recipientAccount = OskoRecipientAccountRequest(
                accountName = "Jane Smith",
                identification = "032000000007",
                schemeName = OskoRecipientAccountRequest.SchemeName.BBAN,
            ),
            payeeName = "Jane Smith",
            currency = ImmediatePaymentRequest.Currency.AUD,
            lodgementReference = "REFUND-77",
            paymentReference = "REFUND-77",
            paymentDate = day,
        ),
    )
    step("osko", osko.paymentIdentifier == "$fileId-OSKO" && osko.isStatus(PaymentStatusCode.OPEN), osko)
}
