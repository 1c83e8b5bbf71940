// QuickStream end to end with the client openapi-generator (kotlin, default library) generates, against the sandbox:
// the steps of QUICKSTREAM_STEPS in test/downstream/flows.ts, each checked, each reported as `STEP <name> ok`.
package example

import java.util.UUID
import kotlin.system.exitProcess
import quickstream.apis.CustomersApi
import quickstream.apis.SingleUseTokensApi
import quickstream.apis.TransactionsApi
import quickstream.infrastructure.ApiClient
import quickstream.infrastructure.ClientError
import quickstream.infrastructure.ClientException
import quickstream.infrastructure.Serializer
import quickstream.models.PaymentTransactionRequest
import quickstream.models.CreditCardSingleUseToken
import quickstream.models.CreditCardSingleUseTokenRequest
import quickstream.models.CustomerRequest
import quickstream.models.ErrorResponse
import quickstream.models.Transaction
import quickstream.models.TransactionStatus

val business: String = System.getenv("SUPPLIER_BUSINESS_CODE")

fun step(name: String, ok: Boolean, detail: Any?) {
    if (!ok) {
        println("STEP $name failed: $detail")
        exitProcess(1)
    }
    println("STEP $name ok")
}

/** An API class of the client for one key, as docs/codegen.md's recipe shows: HTTP Basic, the key as the user name. */
fun <T : ApiClient> T.withKey(key: String): T = apply { userCredentialsProvider = { key to "" } }

/** Whether a transaction's status is the known code `want` (an open list: any string; an unlisted code matches none). */
fun Transaction.isStatus(want: TransactionStatus) = status == want.value

fun main() {
    val baseUrl = System.getenv("QUICKSTREAM_URL")
    val secretKey = System.getenv("QUICKSTREAM_SECRET_KEY")
    val publishableKey = System.getenv("QUICKSTREAM_PUBLISHABLE_KEY")
    val transactions = TransactionsApi(baseUrl).withKey(secretKey)
    val tokens = SingleUseTokensApi(baseUrl).withKey(publishableKey)
    val customers = CustomersApi(baseUrl).withKey(secretKey)

    val customer = customers.createCustomer(CustomerRequest(customerNumber = "KOTLIN-${UUID.randomUUID()}", customerName = "Jane Smith"), UUID.randomUUID().toString())
    step("customer", !customer.customerId.isNullOrEmpty(), customer)

    // A single-use token for a test card, made with the publishable key. The request and the answer are unions
    // (`oneOf` by `accountType`), which the recipe maps to `kotlin.Any`: the client sends the member it is given and
    // answers the JSON object, which the client's own Moshi reads as the member its `accountType` names.
    fun cardToken(cardNumber: String): String {
        val request = CreditCardSingleUseTokenRequest(
            supplierBusinessCode = business,
            accountType = CreditCardSingleUseTokenRequest.AccountType.CREDIT_CARD,
            cardNumber = cardNumber,
            expiryDateMonth = "01",
            expiryDateYear = "2050",
            cardholderName = "Jane Smith",
            cvn = "123",
        )
        val answer = tokens.createSingleUseToken(request, UUID.randomUUID().toString())
        check((answer as Map<*, *>)["accountType"] == "CREDIT_CARD") { "not a card token: $answer" }
        val token = Serializer.moshi.adapter(CreditCardSingleUseToken::class.java).fromJsonValue(answer)!!
        return token.singleUseTokenId!!
    }
    val approvingToken = cardToken("4242424242424242")
    step("token", approvingToken.isNotEmpty(), approvingToken)

    fun payment(token: String, amount: Double) = PaymentTransactionRequest(
        transactionType = PaymentTransactionRequest.TransactionType.PAYMENT,
        supplierBusinessCode = business,
        principalAmount = amount,
        currency = "AUD",
        singleUseTokenId = token,
        customerReferenceNumber = customer.customerNumber,
        paymentReferenceNumber = "ORDER-1001",
    )

    val approved = transactions.createTransaction(payment(approvingToken, 1234567.89), UUID.randomUUID().toString())
    step("approved", approved.isStatus(TransactionStatus.APPROVED) && approved.receiptNumber.isNotEmpty(), approved)

    // Last two digits 96: declined with 51 (Not sufficient funds).
    val declined = transactions.createTransaction(payment(cardToken("4111111111444496"), 10.00), UUID.randomUUID().toString())
    step("declined", declined.isStatus(TransactionStatus.DECLINED) && declined.responseCode == "51", declined)

    val read = transactions.getTransaction(approved.receiptNumber)
    step(
        "read",
        read.receiptNumber == approved.receiptNumber && read.isStatus(TransactionStatus.APPROVED) &&
            read.principalAmount?.amount == 1234567.89 && read.principalAmount?.currency == "AUD",
        read,
    )

    // Sent twice with one Idempotency-Key: the second answer is the first one, and nothing is processed twice.
    val once = payment(cardToken("4242424242424242"), 10.00)
    val key = UUID.randomUUID().toString()
    val first = transactions.createTransaction(once, key)
    val second = transactions.createTransaction(once, key)
    step("idempotent", first.receiptNumber == second.receiptNumber && first.isStatus(TransactionStatus.APPROVED), listOf(first, second))

    val list = transactions.listTransactions(supplierBusinessCode = business)
    step("list", list.`data`.orEmpty().any { it.receiptNumber == approved.receiptNumber }, list)

    // The approved payment's token again: the API refuses a used token with 422 naming the field.
    try {
        val again = transactions.createTransaction(payment(approvingToken, 10.00), UUID.randomUUID().toString())
        step("error", false, "a used token was accepted: $again")
    } catch (e: ClientException) {
        val body = (e.response as ClientError<*>).body as String
        val error = Serializer.moshi.adapter(ErrorResponse::class.java).fromJson(body)!!
        step("error", e.statusCode == 422 && error.errors.orEmpty().map { it.fieldName } == listOf("singleUseTokenId"), body)
    }
}
