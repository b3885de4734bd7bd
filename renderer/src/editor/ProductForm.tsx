// The product the customer sees in the import wizard: name, vendor, versions and links.
import { TextField } from './Field.tsx';

export function ProductForm() {
  return (
    <div className="field-grid">
      <TextField path={['product', 'name']} label="Product name" />
      <TextField path={['product', 'vendor']} label="Vendor" />
      <TextField path={['product', 'version']} label="Version" placeholder="1.0" />
      <TextField path={['product', 'fullVersion']} label="Full version" placeholder="1.0.0-build42" />
      <TextField path={['product', 'productUrl']} label="Product URL" placeholder="https://example.com/product" />
      <TextField path={['product', 'vendorUrl']} label="Vendor URL" placeholder="https://example.com" />
      <TextField path={['product', 'appUrl']} label="Application URL" placeholder="https://${ip}:8443/" hint="Where the running appliance answers; ${ip} is its address." />
      <TextField path={['product', 'icon']} label="Icon" placeholder="icon.png" />
    </div>
  );
}
