import Typography from '@material-ui/core/Typography';

/** Short sentences as a list, as the documentation lists what an action does or what to check first. */
export function BulletList(props: { items: readonly string[] }) {
  return (
    <ul>
      {props.items.map(item => (
        <li key={item}>
          <Typography variant="body2">{item}</Typography>
        </li>
      ))}
    </ul>
  );
}
