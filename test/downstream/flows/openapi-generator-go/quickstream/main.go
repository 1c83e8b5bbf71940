// QuickStream end to end with the client openapi-generator (go) generates: see docs/codegen.md.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"

	qs "flows/openapi-generator/quickstream"
)

var business = os.Getenv("SUPPLIER_BUSINESS_CODE")

func step(name string, ok bool, detail any) {
	if !ok {
		fmt.Printf("STEP %s failed: %+v\n", name, detail)
		os.Exit(1)
	}
	fmt.Printf("STEP %s ok\n", name)
}

func check(err error) {
	if err != nil {
		var apiErr *qs.GenericOpenAPIError
		if errors.As(err, &apiErr) {
			fmt.Printf("%v: %s\n", err, apiErr.Body())
		}
		panic(err)
	}
}

// The API key is the HTTP Basic user name with an empty password, given to each call through its context.
func keyed(key string) context.Context {
	return context.WithValue(context.Background(), qs.ContextBasicAuth, qs.BasicAuth{UserName: key})
}

// Whether a transaction's status is the known code `want` (an open list: an unlisted code is never a match).
func is(status string, want qs.TransactionStatus) bool {
	return qs.TransactionStatus(status) == want
}

func main() {
	cfg := qs.NewConfiguration()
	cfg.Servers = qs.ServerConfigurations{{URL: os.Getenv("QUICKSTREAM_URL")}}
	api := qs.NewAPIClient(cfg)
	secret := keyed(os.Getenv("QUICKSTREAM_SECRET_KEY"))
	publishable := keyed(os.Getenv("QUICKSTREAM_PUBLISHABLE_KEY"))

	customerRequest := qs.NewCustomerRequest("FLOW-" + rand.Text())
	customerRequest.SetCustomerName("Jane Smith")
	customer, _, err := api.CustomersAPI.CreateCustomer(secret).CustomerRequest(*customerRequest).Execute()
	check(err)
	step("customer", customer.GetCustomerId() != "", customer)

	cardToken := func(cardNumber string) string {
		card := qs.NewCreditCardSingleUseTokenRequest(business, "CREDIT_CARD", cardNumber, "01", "2050")
		card.SetCardholderName("Jane Smith")
		card.SetCvn("123")
		token, _, err := api.SingleUseTokensAPI.CreateSingleUseToken(publishable).
			SingleUseTokenRequest(qs.CreditCardSingleUseTokenRequestAsSingleUseTokenRequest(card)).Execute()
		check(err)
		if token.CreditCardSingleUseToken == nil {
			panic(fmt.Sprintf("not a card token: %+v", token))
		}
		return token.CreditCardSingleUseToken.GetSingleUseTokenId()
	}
	approvingToken := cardToken("4242424242424242")
	step("token", approvingToken != "", approvingToken)

	payment := func(token string, amount float64) qs.TransactionRequest {
		request := qs.NewPaymentTransactionRequest("PAYMENT", business, amount, "AUD")
		request.SetSingleUseTokenId(token)
		request.SetCustomerReferenceNumber(customer.GetCustomerNumber())
		request.SetPaymentReferenceNumber("ORDER-1001")
		return qs.PaymentTransactionRequestAsTransactionRequest(request)
	}
	pay := func(request qs.TransactionRequest, key string) (*qs.Transaction, error) {
		t, _, err := api.TransactionsAPI.CreateTransaction(secret).TransactionRequest(request).IdempotencyKey(key).Execute()
		return t, err
	}
	paid := func(t *qs.Transaction, err error) *qs.Transaction {
		check(err)
		return t
	}

	approved := paid(pay(payment(approvingToken, 1234567.89), rand.Text()))
	step("approved", is(approved.Status, qs.APPROVED) && approved.ReceiptNumber != "", approved)

	declined := paid(pay(payment(cardToken("4111111111444496"), 10.00), rand.Text()))
	step("declined", is(declined.Status, qs.DECLINED) && declined.GetResponseCode() == "51", declined)

	read, _, err := api.TransactionsAPI.GetTransaction(secret, approved.ReceiptNumber).Execute()
	check(err)
	principal := read.GetPrincipalAmount()
	var amount float64 = principal.GetAmount() // money is read into a float64, never a float32
	step("read", read.ReceiptNumber == approved.ReceiptNumber && is(read.Status, qs.APPROVED) &&
		amount == 1234567.89 && principal.GetCurrency() == "AUD", read)

	key := rand.Text()
	again := payment(cardToken("4242424242424242"), 10.00)
	first, second := paid(pay(again, key)), paid(pay(again, key))
	step("idempotent", first.ReceiptNumber == second.ReceiptNumber && is(first.Status, qs.APPROVED), []any{first, second})

	listed, _, err := api.TransactionsAPI.ListTransactions(secret).Execute()
	check(err)
	found := false
	for _, t := range listed.Data {
		found = found || t.ReceiptNumber == approved.ReceiptNumber
	}
	step("list", found, listed)

	// The approving token was used by the approved payment: the API refuses it again with 422 naming the field.
	_, err = pay(payment(approvingToken, 10.00), rand.Text())
	var refused *qs.GenericOpenAPIError
	fields := []string{}
	if errors.As(err, &refused) {
		if model, ok := refused.Model().(qs.ErrorResponse); ok {
			for _, e := range model.Errors {
				fields = append(fields, e.GetFieldName())
			}
		}
	}
	step("error", len(fields) == 1 && fields[0] == "singleUseTokenId", err)
}
