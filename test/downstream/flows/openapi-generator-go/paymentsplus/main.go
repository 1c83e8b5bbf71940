// PaymentsPlus end to end with the client openapi-generator (go) generates: see docs/codegen.md.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"

	pp "flows/openapi-generator/paymentsplus"
)

func step(name string, ok bool, detail any) {
	if !ok {
		fmt.Printf("STEP %s failed: %+v\n", name, detail)
		os.Exit(1)
	}
	fmt.Printf("STEP %s ok\n", name)
}

func check(err error) {
	if err != nil {
		var apiErr *pp.GenericOpenAPIError
		if errors.As(err, &apiErr) {
			fmt.Printf("%v: %s\n", err, apiErr.Body())
		}
		panic(err)
	}
}

// Whether a payment's status is the known code `want` (an open list: an unlisted code is never a match).
func is(status string, want pp.PaymentStatusCode) bool {
	return pp.PaymentStatusCode(status) == want
}

// A file's status code: any string (the known ones are listed in its description only).
func fileStatus(file *pp.PaymentFile) string {
	return file.GetStatusCode()
}

func main() {
	cfg := pp.NewConfiguration()
	cfg.Servers = pp.ServerConfigurations{{URL: os.Getenv("PAYMENTSPLUS_URL")}}
	api := pp.NewAPIClient(cfg)
	// The API key is the HTTP Basic user name with an empty password, given to each call through its context.
	ctx := context.WithValue(context.Background(), pp.ContextBasicAuth, pp.BasicAuth{UserName: os.Getenv("PAYMENTSPLUS_API_KEY")})

	fileID := "FILE-" + rand.Text()[:12]
	paymentID := fileID + "-1"
	day := "2030-01-02"

	fileRequest := pp.NewCreateFileRequest()
	fileRequest.SetFileName(fileID + ".csv")
	fileRequest.SetPaymentDate(day)
	created, _, err := api.FilesAPI.CreateFile(ctx, fileID).CreateFileRequest(*fileRequest).Execute()
	check(err)
	step("file", fileStatus(created) == "OPEN", created)

	domestic := pp.NewRecipientAccountRequest("AU_DOMESTIC")
	domestic.SetAccountName("Example Supplies")
	domestic.SetBsbNumber("650-000")
	domestic.SetAccountNumber("123456789")
	paymentRequest := pp.NewCreatePaymentRequest(pp.DIRECT_ENTRY, 1234567.89, day,
		pp.RecipientAccountRequestAsCreatePaymentRequestRecipientAccount(domestic), "Example Supplies", "AUD", "INV-10023", paymentID)
	paymentRequest.SetFundingAccount(*pp.NewFundingAccountRequest("032-000", "100001"))
	payment, _, err := api.FilesAPI.CreateFilePayment(ctx, fileID, paymentID).CreatePaymentRequest(*paymentRequest).Execute()
	check(err)
	step("payments", payment.GetPaymentIdentifier() == paymentID && is(payment.GetStatusCode(), pp.OPEN), payment)

	sent, _, err := api.FilesAPI.SendFile(ctx, fileID).Execute()
	check(err)
	step("send", fileStatus(sent) == "PROCESSING", sent)

	file, _, err := api.FilesAPI.GetFile(ctx, fileID).Execute()
	check(err)
	step("file-status", fileStatus(file) != "" && fileStatus(file) != "OPEN", file)

	read, _, err := api.PaymentsAPI.GetPayment(ctx, paymentID).Execute()
	check(err)
	var paid float64 = read.GetPaymentAmount() // money is read into a float64, never a float32
	step("payment-status", is(read.GetStatusCode(), pp.PENDING) && paid == 1234567.89, read)

	listed, _, err := api.FilesAPI.ListFilePayments(ctx, fileID).Execute()
	check(err)
	step("list", len(listed.Data) == 1 && listed.Data[0].GetPaymentIdentifier() == paymentID, listed)

	immediate := pp.NewImmediatePaymentRequest("OSKO", 1.00,
		*pp.NewOskoFundingAccountRequest("032-000", "100001", "Account One"),
		*pp.NewOskoRecipientAccountRequest("Jane Smith", "032000000007", "BBAN"),
		"Jane Smith", "AUD", "REFUND-77", "REFUND-77", day)
	osko, _, err := api.PaymentsAPI.CreateImmediatePayment(ctx, fileID+"-OSKO").ImmediatePaymentRequest(*immediate).Execute()
	check(err)
	step("osko", osko.GetPaymentIdentifier() == fileID+"-OSKO" && is(osko.GetStatusCode(), pp.OPEN), osko)
}
